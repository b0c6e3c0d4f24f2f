package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bulk path through the API, the email fleet as a process, and a real SMTP server. */
class BulkEmailEndToEndTest {
  static final int BULK_CAP = 40_000;
  @TempDir static Path work;
  static RecordingSmtpServer smtp;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    smtp = new RecordingSmtpServer();
    smtp.refuse(address -> address.startsWith("bounce"));
    stack =
        Harness.stack(work)
            .smtpPort(smtp.port())
            .env(
                Map.of(
                    "EMAIL_WORKER_HEARTBEAT_THROTTLE",
                    "PT1S",
                    // room for the largest batch below, one at a time
                    "TENANT_MAX_BULK_EMAILS_IN_FLIGHT",
                    Integer.toString(BULK_CAP),
                    "TENANT_BULK_RETRY_AFTER",
                    "PT1S"))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
    smtp.close();
  }

  private static String batch(String prefix, int recipients, int bounces) {
    String items =
        IntStream.range(0, recipients)
            .mapToObj(
                i ->
                    "{\"to\":\""
                        + (i < bounces ? "bounce-" : prefix + "-")
                        + i
                        + "@example.com\",\"vars\":{\"name\":\"R"
                        + i
                        + "\"}}")
            .collect(Collectors.joining(","));
    return "{\"type\":\"email-batch\",\"payload\":{\"template\":{\"subject\":\"Hi {{name}}\","
        + "\"text\":\"Dear {{name}}, your statement is ready.\"},\"recipients\":["
        + items
        + "]}}";
  }

  private static List<JsonNode> items(String jobId, String status) throws Exception {
    return api.items("/v1/jobs/" + jobId + "/items?pageSize=1000&status=" + status);
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await(jobId + " " + status)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.job(jobId), job -> status.equals(job.path("status").asText()));
  }

  @Test
  void refusedRecipientsAreDeadLetteredAndListedPerItem() throws Exception {
    // submit waits out a 429 should the cap test's last batch still count as under way
    String jobId = api.submit(batch("ok", 2_500, 3)).jobId();

    JsonNode parked = awaitStatus(jobId, "DEAD_LETTERED");

    assertThat(parked.path("lastError").path("type").asText()).isEqualTo("RecipientsRejected");
    assertThat(parked.path("progress").path("done").asInt()).isEqualTo(2_500);
    List<JsonNode> failed = items(jobId, "failed");
    assertThat(failed)
        .extracting(i -> i.path("to").asText())
        .containsExactlyInAnyOrder(
            "bounce-0@example.com", "bounce-1@example.com", "bounce-2@example.com");
    assertThat(failed).allSatisfy(i -> assertThat(i.path("code").asInt()).isEqualTo(550));
    assertThat(items(jobId, "accepted")).hasSize(2_497);
    for (int i = 3; i < 2_500; i++) {
      assertThat(smtp.arrivals("ok-" + i + "@example.com")).as("ok-%d", i).hasSize(1);
    }
  }

  @Test
  void killedWorkerResumesWithoutResendingConfirmedRecipients() throws Exception {
    int total = 40_000;
    String jobId = api.submit(batch("resume", total, 0)).jobId();
    await("sending under way")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.job(jobId).path("progress").path("done").asInt() >= 2_000);

    stack.process(App.WORKER_EMAIL).kill();
    List<JsonNode> confirmed = items(jobId, "accepted");
    stack.start(App.WORKER_EMAIL);
    awaitStatus(jobId, "SUCCEEDED");

    assertThat(confirmed.size()).as("confirmed before the crash").isBetween(2_000, total - 1);
    for (JsonNode item : confirmed) {
      assertThat(smtp.arrivals(item.path("to").asText()))
          .as("%s, confirmed before the crash", item)
          .hasSize(1);
    }
    long missing =
        IntStream.range(0, total)
            .filter(i -> smtp.arrivals("resume-" + i + "@example.com").isEmpty())
            .count();
    assertThat(missing).as("recipients never delivered").isZero();
    assertThat(items(jobId, "accepted")).hasSize(total);
  }

  @Test
  void aTenantsBulkWorkUnderWayIsCappedAcrossApiProcessesAndAdmittedOnceSomeFinishes()
      throws Exception {
    // no worker-email: the first batch stays under way (QUEUED) for as long as the test needs
    stack.process(App.WORKER_EMAIL).kill();
    var first = api.post("/v1/jobs", batch("capped-a", 500, 0));
    assertThat(first.status()).as("%s", first.json()).isEqualTo(202);
    String firstId = first.json().path("jobId").asText();
    String over = batch("capped-b", BULK_CAP - 499, 0);

    var refused = api.post("/v1/jobs", over);
    assertThat(refused.status()).as("%s", refused.json()).isEqualTo(429);
    assertThat(refused.json().path("type").asText()).endsWith("bulk-in-flight");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");

    // a new API process knows only what Temporal knows: the cap holds there too
    stack.process(App.API_SERVER).terminate(Duration.ofMinutes(1));
    stack.start(App.API_SERVER);
    await("the restarted API refuses the batch over the cap")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> api.post("/v1/jobs", over),
            answer ->
                answer.status() == 429
                    && answer.json().path("type").asText().endsWith("bulk-in-flight"));

    stack.start(App.WORKER_EMAIL);
    awaitStatus(firstId, "SUCCEEDED");
    String secondId =
        await("admitted once the first batch has finished")
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> {
                  var answer = api.post("/v1/jobs", over);
                  return answer.status() == 202 ? answer.json().path("jobId").asText() : null;
                },
                id -> id != null);
    // the other tests need the room: cancelled (or finished, if it was quicker than the cancel)
    api.delete("/v1/jobs/" + secondId);
    await(secondId + " ended")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> api.job(secondId).path("status").asText(),
            status -> status.equals("CANCELLED") || status.equals("SUCCEEDED"));
  }
}
