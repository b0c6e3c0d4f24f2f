package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report cancelled through the API while it renders leaves nothing in the report store: the whole
 * stack as processes, against the real Temporal dev server.
 */
class ReportCancelEndToEndTest {
  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    stack =
        Harness.stack(work)
            .env(
                Map.of(
                    // small parts, so some exist soon after the render starts
                    "REPORT_PAGES_PER_PART", "10",
                    // a cancellation reaches the render at its next heartbeat, within a second
                    "PDF_WORKER_HEARTBEAT_THROTTLE", "PT1S"))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  @Test
  void aReportCancelledWhileRenderingEndsCancelledWithItsPartsRemoved() throws Exception {
    var submitted =
        api.post(
            "/v1/jobs",
            """
            {"type": "pdf", "payload": {"template": "statement", "title": "Cancelled",
             "sample": {"rows": 1000000, "seed": 3}}}\
            """);
    assertThat(submitted.status()).as("POST /v1/jobs: %s", submitted.json()).isEqualTo(202);
    String jobId = submitted.json().path("jobId").asText();
    var job = new JobRef(jobId, stack.tenant());
    Path parts = stack.reportDir().resolve(".parts").resolve(job.fileStem());
    await("parts written while rendering")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> countFiles(parts) > 0);

    var cancel = api.delete("/v1/jobs/" + jobId);

    assertThat(cancel.status()).as("DELETE: %s", cancel.json()).isEqualTo(202);
    JsonNode ended =
        await("CANCELLED")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> api.job(jobId), j -> "CANCELLED".equals(j.path("status").asText()));
    assertThat(ended.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(parts).as("the report's parts").doesNotExist();
    assertThat(stack.reportDir().resolve(job.fileStem() + ".pdf")).doesNotExist();
    assertThat(api.get("/v1/jobs/" + jobId + "/result").status()).isEqualTo(409);
  }

  private static long countFiles(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
