package dev.jobqueue.report;

import static dev.jobqueue.report.TestReports.filesUnder;
import static dev.jobqueue.report.TestReports.money;
import static dev.jobqueue.report.TestReports.pageText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementRendererTest {
  @TempDir Path tmp;

  @Test
  void rendersFiveThousandRowStatement() throws IOException {
    ReportJob job = TestReports.sample("stmt-5000", 5_000, 42);
    Path store = tmp.resolve("store");

    ReportResult result =
        new StatementRenderer(ReportConfig.defaults(store))
            .render(job, RenderCheckpoint.START, RenderListener.NONE);

    int pages = 5_000 / 40 + 1;
    Path file = store.resolve(result.file());
    assertThat(result.pages()).isEqualTo(pages);
    assertThat(result.rows()).isEqualTo(5_000);
    assertThat(result.bytes()).isEqualTo(Files.size(file));
    assertThat(result.sha256()).isEqualTo(TestReports.sha256(file));
    assertThat(result.resumedFromPage()).isZero();
    assertThat(result.pagesRendered()).isEqualTo(pages);
    assertThat(filesUnder(store)).containsExactly(result.file());
    var rows = new SampleRows(5_000, 42);
    try (var pdf = Loader.loadPDF(file.toFile())) {
      assertThat(pdf.getNumberOfPages()).isEqualTo(pages);
      assertThat(pageText(pdf, 1))
          .contains("March statement", "Tenant: acme", "Job: stmt-5000", "Page 1 of " + pages)
          .contains("Date", "Description", "Qty", "Unit price", "Amount")
          .contains(rows.row(0).date(), money(rows.row(0).amountCents()));
      long running = 0;
      for (int page = 0; page < pages - 1; page++) {
        long subtotal = 0;
        for (int i = page * 40; i < (page + 1) * 40; i++) {
          ReportRow row = rows.row(i);
          subtotal += row.quantity() * row.unitPriceCents();
        }
        String text = pageText(pdf, page + 1);
        assertThat(text)
            .contains("Page " + (page + 1) + " of " + pages)
            .containsPattern("Page subtotal\\s+" + Pattern.quote(money(subtotal)))
            .containsPattern("Carried forward\\s+" + Pattern.quote(money(running + subtotal)));
        if (page > 0) {
          assertThat(text).containsPattern("Brought forward\\s+" + Pattern.quote(money(running)));
        }
        running += subtotal;
      }
      assertThat(pageText(pdf, pages))
          .contains("Page " + pages + " of " + pages)
          .containsPattern("Line items\\s+5,000")
          .containsPattern("Grand total\\s+" + Pattern.quote(money(running)));
      assertThat(result.totalCents()).isEqualTo(running);
    }
  }

  @Test
  void totalsInlineRowsExactly() throws IOException {
    var rows =
        List.of(
            new ReportRow("2026-03-01", "Consulting", 3, 12_345),
            new ReportRow("2026-03-02", "Credit note", 1, -5_000),
            new ReportRow("2026-03-03", "Licence", 7, 99_999_999),
            new ReportRow("2026-03-04", "Free trial", 0, 4_200));

    ReportResult result =
        new StatementRenderer(ReportConfig.defaults(tmp))
            .render(
                TestReports.inline("inline-1", rows), RenderCheckpoint.START, RenderListener.NONE);

    assertThat(result.totalCents()).isEqualTo(37_035 - 5_000 + 699_999_993);
    assertThat(result.pages()).isEqualTo(2);
    try (var pdf = Loader.loadPDF(tmp.resolve(result.file()).toFile())) {
      assertThat(pageText(pdf, 1))
          .contains("370.35", "-50.00", "999,999.99", "6,999,999.93")
          .containsPattern("Page subtotal\\s+7,000,320\\.28");
      assertThat(pageText(pdf, 2))
          .containsPattern("Line items\\s+4")
          .containsPattern("Grand total\\s+7,000,320\\.28");
    }
  }

  @Test
  void truncatesLongDescriptionsAndReplacesWhatHelveticaCannotShow() throws IOException {
    String longDescription = "Dedicated cluster " + "with extra capacity ".repeat(20) + "END";
    var rows =
        List.of(
            new ReportRow("2026-03-01", longDescription, 1, 100),
            new ReportRow("2026-03-02", "Café in 東京 ☕\tdaily", 2, 250));

    ReportResult result =
        new StatementRenderer(ReportConfig.defaults(tmp))
            .render(
                TestReports.inline("text-1", rows), RenderCheckpoint.START, RenderListener.NONE);

    try (var pdf = Loader.loadPDF(tmp.resolve(result.file()).toFile())) {
      assertThat(pageText(pdf, 1))
          .contains("Dedicated cluster with extra capacity", "...")
          .doesNotContain("END")
          .contains("Café in ?? ? daily");
    }
  }

  @Test
  void resumedRenderMatchesUninterruptedRender() throws IOException {
    ReportJob job = TestReports.sample("resume-1", 2_000, 7); // 51 pages: 6 parts of 10
    ReportConfig config = TestReports.smallParts(tmp.resolve("store"));
    RenderProgress lastHeartbeat = crashAfterPart(2, job, config);
    assertThat(Files.exists(new ReportStore(config.storeDir()).report(job.job()))).isFalse();

    ReportResult resumed =
        new StatementRenderer(config).render(job, lastHeartbeat.checkpoint(), RenderListener.NONE);
    ReportResult uninterrupted =
        new StatementRenderer(TestReports.smallParts(tmp.resolve("other")))
            .render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(resumed.resumedFromPage()).isEqualTo(20);
    assertThat(resumed.pagesRendered()).isEqualTo(31).isLessThan(resumed.pages());
    assertThat(resumed.sha256()).isEqualTo(uninterrupted.sha256());
    assertThat(resumed.totalCents()).isEqualTo(uninterrupted.totalCents());
    assertThat(resumed.file()).isEqualTo(uninterrupted.file());
    assertThat(filesUnder(config.storeDir())).containsExactly(resumed.file());
  }

  @Test
  void startsOverWhenACheckpointedPartIsMissing() throws IOException {
    ReportJob job = TestReports.sample("resume-2", 2_000, 7);
    ReportConfig config = TestReports.smallParts(tmp.resolve("store"));
    RenderProgress lastHeartbeat = crashAfterPart(2, job, config);
    Files.delete(new ReportStore(config.storeDir()).part(job.job(), 1));

    ReportResult result =
        new StatementRenderer(config).render(job, lastHeartbeat.checkpoint(), RenderListener.NONE);
    ReportResult uninterrupted =
        new StatementRenderer(TestReports.smallParts(tmp.resolve("other")))
            .render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(result.resumedFromPage()).isZero();
    assertThat(result.pagesRendered()).isEqualTo(51);
    assertThat(result.sha256()).isEqualTo(uninterrupted.sha256());
  }

  @Test
  void takesAFinishedReportAsItIsOnRetry() throws IOException {
    ReportJob job = TestReports.sample("done-1", 500, 3);
    var renderer = new StatementRenderer(TestReports.smallParts(tmp));
    ReportResult first = renderer.render(job, RenderCheckpoint.START, RenderListener.NONE);
    var heartbeats = new java.util.ArrayList<RenderProgress>();

    ReportResult retry = renderer.render(job, RenderCheckpoint.START, heartbeats::add);

    assertThat(retry.pagesRendered()).isZero();
    assertThat(retry.resumedFromPage()).isEqualTo(first.pages());
    assertThat(heartbeats).isEmpty();
    assertThat(retry)
        .usingRecursiveComparison()
        .ignoringFields("resumedFromPage", "pagesRendered")
        .isEqualTo(first);
  }

  @Test
  void replacesAStoredReportOfOtherDataUnderTheSameJobId() throws IOException {
    var renderer = new StatementRenderer(TestReports.smallParts(tmp.resolve("store")));
    ReportResult old =
        renderer.render(
            TestReports.sample("redrive-1", 500, 1), RenderCheckpoint.START, RenderListener.NONE);
    ReportJob corrected = TestReports.sample("redrive-1", 500, 2);

    ReportResult result = renderer.render(corrected, RenderCheckpoint.START, RenderListener.NONE);
    ReportResult expected =
        new StatementRenderer(TestReports.smallParts(tmp.resolve("other")))
            .render(corrected, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(result.file()).isEqualTo(old.file());
    assertThat(result.pagesRendered()).isEqualTo(result.pages());
    assertThat(result.sha256()).isNotEqualTo(old.sha256()).isEqualTo(expected.sha256());
  }

  @Test
  void heartbeatsEveryFewPagesAndAfterEveryPart() throws IOException {
    var heartbeats = new java.util.ArrayList<RenderProgress>();

    new StatementRenderer(TestReports.smallParts(tmp))
        .render(TestReports.sample("beats-1", 1_000, 5), RenderCheckpoint.START, heartbeats::add);

    // 26 pages in parts of 10: mid-part beats at 4, 8, 12, 16, 24; part beats at 10, 20, 26.
    assertThat(heartbeats.stream().filter(p -> p.done() < 26).map(RenderProgress::done))
        .containsExactly(4L, 8L, 10L, 12L, 16L, 20L, 24L);
    assertThat(heartbeats).allSatisfy(p -> assertThat(p.total()).isEqualTo(26));
    assertThat(heartbeats.get(2).checkpoint())
        .isEqualTo(new RenderCheckpoint(1, 400, 10, heartbeats.get(2).checkpoint().totalCents()));
    assertThat(heartbeats.get(3).checkpoint()).isEqualTo(heartbeats.get(2).checkpoint());
  }

  /** Renders until the heartbeat after part {@code parts}, then fails like a crashed worker. */
  private static RenderProgress crashAfterPart(int parts, ReportJob job, ReportConfig config) {
    var last = new AtomicReference<RenderProgress>();
    RenderListener crash =
        progress -> {
          last.set(progress);
          if (progress.checkpoint().partsDone() == parts) {
            throw new IllegalStateException("worker crashed");
          }
        };
    assertThatThrownBy(
            () -> new StatementRenderer(config).render(job, RenderCheckpoint.START, crash))
        .hasMessage("worker crashed");
    assertThat(last.get().checkpoint().partsDone()).isEqualTo(parts);
    return last.get();
  }
}
