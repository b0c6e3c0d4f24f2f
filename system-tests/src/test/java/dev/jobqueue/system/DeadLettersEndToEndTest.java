package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Terminal failures through the whole product: parked, listed, redriven, compensated. */
class DeadLettersEndToEndTest {
  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    // one attempt per report: a render that crashes its worker is given up at once
    stack =
        Harness.stack(work)
            .env(
                Map.of(
                    "PDF_MAX_ATTEMPTS",
                    "1",
                    "PDF_WORKER_HEARTBEAT_THROTTLE",
                    "PT1S",
                    "REPORT_PAGES_PER_PART",
                    "100"))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await(jobId + " " + status)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.job(jobId), job -> status.equals(job.path("status").asText()));
  }

  /** The job's entry in {@code GET /v1/dead-letters}, once visibility lists it. */
  private static JsonNode awaitListed(String jobId) {
    return await(jobId + " listed")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              for (JsonNode item : api.get("/v1/dead-letters?type=email").json().path("items")) {
                if (item.path("jobId").asText().equals(jobId)) {
                  return item;
                }
              }
              return null;
            },
            item -> item != null);
  }

  private static String submit(String json) throws Exception {
    var response = api.post("/v1/jobs", json);
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  private static List<Path> mailTo(String address) throws Exception {
    try (Stream<Path> files = Files.list(stack.mailDir())) {
      return files
          .filter(f -> f.toString().endsWith(".eml"))
          .filter(
              f -> {
                try {
                  return Files.readString(f).contains("To: " + address);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static List<Path> filesUnder(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aJobPastItsDeadlineIsCancelledParkedAsADeadLetterAndRedrivable() throws Exception {
    // the relay defers it every time: its retry budget (12 attempts, 24 h) outlasts the deadline
    String jobId =
        submit(
            """
            {"type": "email", "deadline": "PT20S", "payload": {"to":
             ["tempfail@simulator.jobqueue.test"], "subject": "Receipt", "text": "Thanks"}}\
            """);

    JsonNode parked = awaitStatus(jobId, "DEAD_LETTERED");
    assertThat(parked.path("lastError").path("type").asText()).isEqualTo("DeadlineExceeded");
    assertThat(parked.path("lastError").path("message").asText()).contains("deadline of PT20S");
    JsonNode letter = awaitListed(jobId);
    assertThat(letter.path("errorType").asText()).isEqualTo("DeadlineExceeded");
    assertThat(letter.path("attempts").size()).as("the deferrals before it").isPositive();

    var redrive =
        api.post(
            "/v1/dead-letters/" + jobId + "/redrive",
            """
            {"payload": {"to": ["in-time@example.com"], "subject": "Receipt", "text": "Thanks"}}\
            """);
    assertThat(redrive.status()).as("%s", redrive.json()).isEqualTo(202);
    awaitStatus(jobId, "SUCCEEDED");
    assertThat(mailTo("in-time@example.com")).hasSize(1);
  }

  @Test
  void bouncedEmailIsDeadLetteredListedAndRedrivenWithACorrectedRecipient() throws Exception {
    String jobId =
        submit(
            """
            {"type": "email", "payload": {"to": ["bounce@simulator.jobqueue.test"], "subject": "Receipt",
             "text": "Thanks"}}\
            """);

    JsonNode parked = awaitStatus(jobId, "DEAD_LETTERED");
    assertThat(parked.path("lastError").path("type").asText()).isEqualTo("SmtpRejected");
    assertThat(parked.path("lastError").path("message").asText()).contains("550");
    JsonNode letter = awaitListed(jobId);
    assertThat(letter.path("errorType").asText()).isEqualTo("SmtpRejected");
    assertThat(letter.path("attempts")).hasSize(1);

    var redrive =
        api.post(
            "/v1/dead-letters/" + jobId + "/redrive",
            """
            {"payload": {"to": ["grace@example.com"], "subject": "Receipt", "text": "Thanks"}}\
            """);
    assertThat(redrive.status()).as("%s", redrive.json()).isEqualTo(202);

    JsonNode done = awaitStatus(jobId, "SUCCEEDED");
    assertThat(done.path("jobId").asText()).isEqualTo(jobId);
    assertThat(mailTo("grace@example.com")).hasSize(1);
    assertThat(mailTo("bounce@simulator.jobqueue.test")).isEmpty();
  }

  @Test
  void reportThatKeepsCrashingItsWorkerIsGivenUpWithoutLeavingPartialFiles() throws Exception {
    String jobId =
        submit(
            """
            {"type": "pdf", "payload": {"template": "statement", "title": "Poison",
             "sample": {"rows": 1000000, "seed": 3}}}\
            """);
    await("parts on disk")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> filesUnder(stack.reportDir().resolve(".parts")).size() >= 2);

    stack.process(App.WORKER_PDF).kill();
    stack.start(App.WORKER_PDF);

    JsonNode parked = awaitStatus(jobId, "DEAD_LETTERED");
    assertThat(parked.path("lastError").path("type").asText()).isEqualTo("TimeoutHeartbeat");
    assertThat(filesUnder(stack.reportDir())).as("compensation removed every part").isEmpty();
  }
}
