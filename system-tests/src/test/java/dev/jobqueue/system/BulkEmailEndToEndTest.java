package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
            .env(Map.of("EMAIL_WORKER_HEARTBEAT_THROTTLE", "PT1S"))
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
    var all = new ArrayList<JsonNode>();
    String token = null;
    do {
      var page =
          api.get(
              "/v1/jobs/"
                  + jobId
                  + "/items?pageSize=1000&status="
                  + status
                  + (token == null ? "" : "&pageToken=" + token));
      assertThat(page.status()).as("%s", page.json()).isEqualTo(200);
      page.json().path("items").forEach(all::add);
      token =
          page.json().path("nextPageToken").isTextual()
              ? page.json().path("nextPageToken").asText()
              : null;
    } while (token != null && !token.isEmpty());
    return all;
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await(jobId + " " + status)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.job(jobId), job -> status.equals(job.path("status").asText()));
  }

  @Test
  void refusedRecipientsAreDeadLetteredAndListedPerItem() throws Exception {
    var created = api.post("/v1/jobs", batch("ok", 2_500, 3));
    assertThat(created.status()).as("%s", created.json()).isEqualTo(202);
    String jobId = created.json().path("jobId").asText();

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
    var created = api.post("/v1/jobs", batch("resume", total, 0));
    assertThat(created.status()).as("%s", created.json()).isEqualTo(202);
    String jobId = created.json().path("jobId").asText();
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
}
