package dev.jobqueue.report;

import static dev.jobqueue.report.TestReports.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.store.objects.DirectoryObjectStore;
import dev.jobqueue.store.objects.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering into an object store: local scratch per worker, the parts and reports as objects. */
class ObjectStoreRenderTest {
  @TempDir Path tmp;

  private ObjectStore objects() {
    return new DirectoryObjectStore(tmp.resolve("bucket"));
  }

  /** A worker of its own: its own scratch directory, the shared store. */
  private StatementRenderer worker(String scratch) {
    return new StatementRenderer(
        TestReports.smallParts(tmp.resolve(scratch)), Optional.of(objects()));
  }

  private List<String> keys() throws IOException {
    return objects().list("").stream().map(ObjectStore.ObjectInfo::key).toList();
  }

  private Path download(String key) throws IOException {
    Path file = Files.createTempFile(tmp, "download", ".pdf");
    assertThat(objects().download(key, file)).as(key).isTrue();
    return file;
  }

  @Test
  void leavesTheReportAsAnObjectAndNothingInScratch() throws IOException {
    ReportJob job = TestReports.sample("obj-1", 1_000, 5); // 26 pages: 3 parts

    ReportResult result =
        worker("scratch").render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(keys()).containsExactly(result.file());
    assertThat(filesUnder(tmp.resolve("scratch"))).isEmpty();
    Path report = download(result.file());
    assertThat(result.bytes()).isEqualTo(Files.size(report));
    assertThat(result.sha256()).isEqualTo(TestReports.sha256(report));
    try (var pdf = Loader.loadPDF(report.toFile())) {
      assertThat(pdf.getNumberOfPages()).isEqualTo(26);
    }
    ReportResult local =
        new StatementRenderer(TestReports.smallParts(tmp.resolve("local")))
            .render(job, RenderCheckpoint.START, RenderListener.NONE);
    assertThat(result.sha256()).as("the same bytes as a local render").isEqualTo(local.sha256());
  }

  @Test
  void resumesOnAnotherWorkerFromTheStoredParts() throws IOException {
    ReportJob job = TestReports.sample("obj-resume", 2_000, 7); // 51 pages: 6 parts of 10
    RenderProgress lastHeartbeat = crashAfterPart(2, job, worker("first"));
    String parts = ReportStore.partsPrefix(job.job());
    assertThat(keys()).containsExactly(parts + "part-000001.pdf", parts + "part-000002.pdf");
    assertThat(filesUnder(tmp.resolve("first"))).as("the crashed worker's scratch").isEmpty();

    ReportResult resumed =
        worker("second").render(job, lastHeartbeat.checkpoint(), RenderListener.NONE);
    ReportResult uninterrupted =
        new StatementRenderer(TestReports.smallParts(tmp.resolve("local")))
            .render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(resumed.resumedFromPage()).isEqualTo(20);
    assertThat(resumed.pagesRendered()).isEqualTo(31);
    assertThat(resumed.sha256()).isEqualTo(uninterrupted.sha256());
    assertThat(keys()).containsExactly(resumed.file());
    assertThat(filesUnder(tmp.resolve("second"))).isEmpty();
    try (var pdf = Loader.loadPDF(download(resumed.file()).toFile())) {
      assertThat(pdf.getNumberOfPages()).isEqualTo(51);
    }
  }

  @Test
  void startsOverWhenAStoredPartIsMissing() throws IOException {
    ReportJob job = TestReports.sample("obj-missing", 2_000, 7);
    RenderProgress lastHeartbeat = crashAfterPart(2, job, worker("first"));
    objects().delete(ReportStore.partKey(job.job(), 1));

    ReportResult result =
        worker("second").render(job, lastHeartbeat.checkpoint(), RenderListener.NONE);

    assertThat(result.resumedFromPage()).isZero();
    assertThat(result.pagesRendered()).isEqualTo(51);
    assertThat(keys()).containsExactly(result.file());
  }

  @Test
  void takesAStoredReportAsItIsOnRetryOnAnotherWorker() throws IOException {
    ReportJob job = TestReports.sample("obj-done", 500, 3);
    ReportResult first = worker("first").render(job, RenderCheckpoint.START, RenderListener.NONE);

    ReportResult retry = worker("second").render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(retry.pagesRendered()).isZero();
    assertThat(retry.sha256()).isEqualTo(first.sha256());
    assertThat(retry.bytes()).isEqualTo(first.bytes());
    assertThat(filesUnder(tmp.resolve("second"))).isEmpty();
  }

  @Test
  void discardRemovesTheStoredPartsAndReport() throws IOException {
    ReportJob crashed = TestReports.sample("obj-discard-parts", 2_000, 3);
    ReportJob finished = TestReports.sample("obj-discard-done", 200, 3);
    crashAfterPart(2, crashed, worker("first"));
    worker("first").render(finished, RenderCheckpoint.START, RenderListener.NONE);
    assertThat(keys()).hasSize(3);

    worker("second").discard(crashed.job());
    worker("second").discard(finished.job());

    assertThat(keys()).isEmpty();
    worker("second").discard(finished.job()); // idempotent
  }

  /** Renders until the heartbeat after part {@code parts}, then fails like a crashed worker. */
  private static RenderProgress crashAfterPart(
      int parts, ReportJob job, StatementRenderer renderer) {
    var last = new AtomicReference<RenderProgress>();
    RenderListener crash =
        progress -> {
          last.set(progress);
          if (progress.checkpoint().partsDone() == parts) {
            throw new IllegalStateException("worker crashed");
          }
        };
    assertThatThrownBy(() -> renderer.render(job, RenderCheckpoint.START, crash))
        .hasMessage("worker crashed");
    return last.get();
  }
}
