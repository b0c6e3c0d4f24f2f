package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.report.ReportConfig;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.report.SampleData;
import dev.jobqueue.report.StatementRenderer;
import dev.jobqueue.testing.ApiClient;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One statement of {@code rows} generated line items, rendered one report at a time, in turns:
 * through the API and the report fleet (POST to SUCCEEDED), then in this JVM by the same renderer
 * with no Temporal around it. Each side first renders a small one, uncounted, so neither pays for a
 * cold JIT.
 */
final class Pdf {
  private static final long WARMUP_ROWS = 2_000;
  private static final long SEED = 7;
  private static final String TITLE = "Bench statement";

  record Result(long jobs, long pages, double seconds) {
    double pagesPerSecond() {
      return pages / seconds;
    }
  }

  private final ApiClient api;
  private final WorkflowClient client;
  private long sequence;

  Pdf(ApiClient api, WorkflowClient client) {
    this.api = api;
    this.client = client;
  }

  /** Reports through the worker and in this JVM, taking turns so that both meet the same load. */
  record Results(Result throughWorker, Result raw) {}

  Results run(Settings settings, Path rawStore) throws Exception {
    // the fleet's default layout (40 rows a page, 250-page parts), as the worker renders with
    var renderer = new StatementRenderer(ReportConfig.defaults(rawStore));
    viaWorker(WARMUP_ROWS);
    renderer.render(job(WARMUP_ROWS));
    long jobs = 0;
    long workerPages = 0;
    long rawPages = 0;
    long workerNanos = 0;
    long rawNanos = 0;
    long end = System.nanoTime() + settings.pdfWindow().toNanos();
    while (jobs == 0 || System.nanoTime() < end) {
      long t0 = System.nanoTime();
      workerPages += viaWorker(settings.pdfRows()).pages();
      long t1 = System.nanoTime();
      rawPages += renderer.render(job(settings.pdfRows())).pages();
      long t2 = System.nanoTime();
      workerNanos += t1 - t0;
      rawNanos += t2 - t1;
      jobs++;
      PhaseProgress.say(
          "pdf: %d reports each way, %,d pages; through the worker %.1f s, in process %.1f s",
          jobs, workerPages, workerNanos / 1e9, rawNanos / 1e9);
    }
    return new Results(
        new Result(jobs, workerPages, workerNanos / 1e9),
        new Result(jobs, rawPages, rawNanos / 1e9));
  }

  private ReportResult viaWorker(long rows) throws Exception {
    ObjectNode body = ApiClient.JSON.createObjectNode().put("type", "pdf");
    ObjectNode payload = body.putObject("payload").put("template", "statement").put("title", TITLE);
    payload.putObject("sample").put("rows", rows).put("seed", SEED);
    var accepted = api.submit(body.toString());
    return client
        .newUntypedWorkflowStub(accepted.workflowId())
        .getResult(30, TimeUnit.MINUTES, ReportResult.class);
  }

  private ReportJob job(long rows) {
    return new ReportJob(
        new JobRef("raw-" + ++sequence, Rig.TENANT),
        "statement",
        TITLE,
        null,
        new SampleData(rows, SEED));
  }
}
