package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assembled file is written by hand, so check its structure strictly, not leniently. */
class ReportAssemblerTest {
  @TempDir Path tmp;

  @Test
  void everyCrossReferencePointsAtItsObject() throws IOException {
    ReportResult result =
        new StatementRenderer(TestReports.smallParts(tmp))
            .render(
                TestReports.sample("xref-1", 500, 4), RenderCheckpoint.START, RenderListener.NONE);
    String pdf = Files.readString(tmp.resolve(result.file()), StandardCharsets.ISO_8859_1);

    var startxref = Pattern.compile("startxref\n(\\d+)\n%%EOF\n$").matcher(pdf);
    assertThat(startxref.find()).isTrue();
    int xref = Integer.parseInt(startxref.group(1));
    assertThat(pdf.substring(xref)).startsWith("xref\n0 " + (6 + 2 * result.pages()) + "\n");
    String[] entries = pdf.substring(pdf.indexOf('\n', xref + 5) + 1).split("\r\n");
    assertThat(entries[0]).isEqualTo("0000000000 65535 f");
    for (int number = 1; number < 6 + 2 * result.pages(); number++) {
      assertThat(entries[number]).matches("\\d{10} 00000 n");
      int offset = Integer.parseInt(entries[number].substring(0, 10));
      assertThat(pdf.substring(offset)).startsWith(number + " 0 obj\n");
    }
  }

  @Test
  void documentIdReadsBackTheFingerprint() throws IOException {
    ReportJob job = TestReports.sample("id-1", 100, 4);
    var config = TestReports.smallParts(tmp);
    ReportResult result =
        new StatementRenderer(config).render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(ReportAssembler.documentId(tmp.resolve(result.file())))
        .isEqualTo(ReportFingerprint.of(job, RowSource.of(job), config.rowsPerPage()));
  }
}
