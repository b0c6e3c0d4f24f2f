package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.job.JobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStoreTest {
  @Test
  void syncsTheDirectoryAfterTheRenameThatPublishesAFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("reports").resolve("r.pdf");
    List<String> seen = new ArrayList<>();

    ReportStore.write(
        target,
        out -> out.write("%PDF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        synced -> {
          seen.add(synced + (Files.exists(target) ? " after the rename" : " before it"));
          ReportStore.syncDir(synced);
        });

    assertThat(seen).containsExactly(target.getParent() + " after the rename");
    assertThat(Files.readString(target)).isEqualTo("%PDF");
  }

  @Test
  void stemIsReadableAndFileSystemSafe() {
    String stem = ReportStore.stem(new JobRef("../../etc/passwd", "Acme Corp/EU"));

    assertThat(stem).matches("Acme-Corp-EU_------etc-passwd_[0-9a-f]{16}");
  }

  @Test
  void idsThatCleanUpAlikeOrDifferOnlyInCaseGetDifferentStems() {
    assertThat(ReportStore.stem(new JobRef("a/b", "t")))
        .isNotEqualTo(ReportStore.stem(new JobRef("a:b", "t")));
    assertThat(ReportStore.stem(new JobRef("job", "acme")))
        .isNotEqualToIgnoringCase(ReportStore.stem(new JobRef("job", "ACME")));
    // the tenant/job split cannot be shifted either
    assertThat(ReportStore.stem(new JobRef("b_c", "a")))
        .isNotEqualTo(ReportStore.stem(new JobRef("c", "a_b")));
  }

  @Test
  void stemStaysShortWhateverTheIdsLength() {
    String stem = ReportStore.stem(new JobRef("k".repeat(255), "t".repeat(200)));

    assertThat(stem.length() + ".pdf".length()).isLessThan(128);
  }

  @Test
  void stemIsStableAcrossCalls() {
    String stem = ReportStore.stem(new JobRef("inv-2026-03", "acme"));

    assertThat(ReportStore.stem(new JobRef("inv-2026-03", "acme"))).isEqualTo(stem);
  }
}
