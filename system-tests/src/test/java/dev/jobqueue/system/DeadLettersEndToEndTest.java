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
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Terminal failures through the whole product: parked, listed, redriven, compensated. */
class DeadLettersEndToEndTest {
  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  /** A tenant of the bulk redrive's own, so that it selects only the dead letters it made. */
  static ApiClient bulk;

  @BeforeAll
  static void startStack(TestInfo test) throws Exception {
    // one attempt per report: a render that crashes its worker is given up at once
    stack =
        Harness.stack(test, work)
            .env(
                Map.of(
                    "PDF_MAX_ATTEMPTS",
                    "1",
                    "PDF_WORKER_HEARTBEAT_THROTTLE",
                    "PT1S",
                    "REPORT_PAGES_PER_PART",
                    "100"))
            .moreTenants("bulk")
            .start();
    api = stack.api();
    bulk = stack.api("bulk");
  }

  @AfterAll
  static void stopStack() throws Exception {
    // none if the class was skipped (a cluster run without the cluster's programs); the field is
    // shared with the subclasses that run these tests on a cluster
    if (stack != null) {
      stack.close();
      stack = null;
    }
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

  /** The bulk tenant's dead letters of the jobs given, once visibility lists every one. */
  private static List<JsonNode> awaitBulkListed(List<String> jobIds, int redrives) {
    return await("dead letters listed, each redriven " + redrives + " times before")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var listed = new java.util.ArrayList<JsonNode>();
              for (JsonNode item : bulk.get("/v1/dead-letters?pageSize=100").json().path("items")) {
                if (jobIds.contains(item.path("jobId").asText())
                    && item.path("redrives").asInt() == redrives) {
                  listed.add(item);
                }
              }
              return listed;
            },
            listed -> listed.size() == jobIds.size());
  }

  @Test
  void bulkRedriveIsAnOperationThatARetryWithTheSameKeyJoinsInsteadOfRepeating() throws Exception {
    var jobIds = new java.util.ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      var response =
          bulk.post(
              "/v1/jobs",
              """
              {"type": "email", "payload": {"to": ["bounce@simulator.jobqueue.test"],
               "subject": "Receipt", "text": "Thanks"}}\
              """);
      assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
      jobIds.add(response.json().path("jobId").asText());
    }
    awaitBulkListed(jobIds, 0);

    String filter = "{\"type\": \"email\", \"errorType\": \"SmtpRejected\"}";
    var started = bulk.post("/v1/dead-letters/redrive", filter, "bulk-redrive-1");
    assertThat(started.status()).as("%s", started.json()).isEqualTo(202);
    String id = started.json().path("id").asText();
    assertThat(started.json().path("selected").asInt()).isEqualTo(3);
    String location = started.headers().firstValue("Location").orElseThrow();
    assertThat(location).endsWith("/v1/dead-letters/redrives/" + id);

    JsonNode done =
        await("bulk redrive done")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> bulk.get("/v1/dead-letters/redrives/" + id).json(),
                status -> "SUCCEEDED".equals(status.path("status").asText()));
    assertThat(done.path("redriven").asInt()).isEqualTo(3);
    assertThat(done.path("skipped").asInt()).isZero();
    assertThat(done.path("failed").asInt()).isZero();
    // the relay bounces them again: parked once more, each redriven once
    awaitBulkListed(jobIds, 1);

    // the client's retry of the same request: the same operation, finished, no new signals
    var retried = bulk.post("/v1/dead-letters/redrive", filter, "bulk-redrive-1");
    assertThat(retried.status()).as("%s", retried.json()).isEqualTo(202);
    assertThat(retried.json().path("id").asText()).isEqualTo(id);
    assertThat(retried.json().path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(retried.json().path("redriven").asInt()).isEqualTo(3);
    // one of them redriven alone and parked again: by then a second round would have reached all
    var one = bulk.post("/v1/dead-letters/" + jobIds.getFirst() + "/redrive", "{}");
    assertThat(one.status()).as("%s", one.json()).isEqualTo(202);
    awaitBulkListed(jobIds.subList(0, 1), 2);
    assertThat(awaitBulkListed(jobIds.subList(1, 3), 1)).as("not redriven again").hasSize(2);

    var reused = bulk.post("/v1/dead-letters/redrive", "{\"type\": \"pdf\"}", "bulk-redrive-1");
    assertThat(reused.status()).as("%s", reused.json()).isEqualTo(422);
    assertThat(api.get("/v1/dead-letters/redrives/" + id).status())
        .as("another tenant's operation")
        .isEqualTo(404);
  }
}
