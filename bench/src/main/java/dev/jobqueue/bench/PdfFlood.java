package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.testing.ApiClient;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The isolation phase's PDF flood: many large reports submitted at once, more than worker-pdf's
 * slots render in the window, so every slot stays busy while it lasts. The worker takes turns
 * between the reports' parts, so few finish inside a short window: the rate counts the pages
 * rendered from the first POST until the window ended, those of reports that SUCCEEDED and those
 * the others' last heartbeat reported (up to a heartbeat interval behind). What is left then is
 * cancelled through the API, and the flood is over once every report has ended.
 */
final class PdfFlood {
  /**
   * @param succeeded reports that succeeded within the window
   * @param pages rendered within the window: all of those reports', and the others' as reported
   * @param seconds from the first POST to the end of the window
   */
  record Result(int reports, int succeeded, long pages, double seconds, int cancelled) {
    double pagesPerSecond() {
      return pages / seconds;
    }
  }

  /** What runs while the flood is on: the window. */
  interface During {
    void run() throws Exception;
  }

  private final ApiClient api;
  private final WorkflowClient client;

  PdfFlood(ApiClient api, WorkflowClient client) {
    this.api = api;
    this.client = client;
  }

  /** One small report first, uncounted, so that the flood alone does not pay for a cold JIT. */
  void warmUp() throws Exception {
    var accepted = api.submit(body(2_000));
    client
        .newUntypedWorkflowStub(accepted.workflowId())
        .getResult(5, TimeUnit.MINUTES, ReportResult.class);
  }

  Result run(String label, int reports, long rows, During during) throws Exception {
    long start = System.nanoTime();
    var submits = new ArrayList<Thread>();
    var submitted = new ConcurrentHashMap<Integer, ApiClient.Accepted>();
    for (int i = 0; i < reports; i++) {
      int n = i;
      submits.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      submitted.put(n, api.submit(body(rows)));
                    } catch (Exception e) {
                      throw new IllegalStateException("a flood report was not accepted", e);
                    }
                  }));
    }
    Joins.all(submits, System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
    if (submitted.size() < reports) {
      throw new IllegalStateException(
          "the API accepted " + submitted.size() + " of " + reports + " flood reports");
    }
    var accepted = List.copyOf(submitted.values());
    var done = new ConcurrentHashMap<String, Long>(); // job id -> pages (0: did not succeed)
    var doneAt = new ConcurrentHashMap<String, Long>();
    var waits = new ArrayList<Thread>();
    for (var job : accepted) {
      waits.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    long pages = 0;
                    try {
                      pages =
                          client
                              .newUntypedWorkflowStub(job.workflowId())
                              .getResult(30, TimeUnit.MINUTES, ReportResult.class)
                              .pages();
                    } catch (Exception e) {
                      // cancelled (or failed): no pages
                    }
                    doneAt.put(job.jobId(), System.nanoTime());
                    done.put(job.jobId(), pages);
                  }));
    }
    during.run();
    long end = System.nanoTime();
    long pages = 0;
    int succeeded = 0;
    for (var job : accepted) {
      Long finished = done.get(job.jobId());
      if (finished != null && finished > 0 && doneAt.get(job.jobId()) <= end) {
        pages += finished;
        succeeded++;
      } else {
        // still rendering: its last heartbeat's pages
        pages += api.job(job.jobId()).path("progress").path("done").asLong();
      }
    }
    int cancelled = cancelRest(accepted, done.keySet());
    var progress =
        new PhaseProgress(label + ", cancelling the rest", "reports ended", () -> done.size());
    try {
      Joins.all(waits, System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
    } finally {
      progress.close();
    }
    if (done.size() < reports) {
      throw new IllegalStateException(
          (reports - done.size()) + " flood reports had not ended 5 minutes after cancelling");
    }
    return new Result(reports, succeeded, pages, (end - start) / 1e9, cancelled);
  }

  /** Cancels every report not yet ended; answers how many it asked to cancel. */
  private int cancelRest(List<ApiClient.Accepted> accepted, java.util.Set<String> ended)
      throws Exception {
    int cancelled = 0;
    for (var job : accepted) {
      if (!ended.contains(job.jobId())) {
        var response = api.delete("/v1/jobs/" + job.jobId());
        // 409 or the like: it ended meanwhile
        if (response.status() == 202) {
          cancelled++;
        }
      }
    }
    return cancelled;
  }

  private static String body(long rows) {
    ObjectNode body = ApiClient.JSON.createObjectNode().put("type", "pdf");
    ObjectNode payload =
        body.putObject("payload").put("template", "statement").put("title", "Flood statement");
    payload.putObject("sample").put("rows", rows).put("seed", 11);
    return body.toString();
  }
}
