package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import dev.jobqueue.testing.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant console in headless Chromium against the whole product: tenant A signs in with its
 * key, watches a job it submits through the API reach SUCCEEDED, reads a batch's recipients,
 * redrives a dead letter with a corrected payload, reads its history and its charts; tenant B's key
 * shows none of it. Screenshots are kept under {@code target/screenshots/console}.
 */
class ConsoleEndToEndTest {
  private static final String OTHER = "globex";
  private static final String CORRECTED = "corrected@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    stack = Harness.stack(work).moreTenants(OTHER).start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  private static String submit(String json) throws Exception {
    var response = api.post("/v1/jobs", json);
    assertThat(response.status()).as("POST /v1/jobs: %s", response.json()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await(jobId + " " + status)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> api.job(jobId),
            job -> {
              String now = job.path("status").asText();
              if (!now.equals(status)
                  && List.of("SUCCEEDED", "CANCELLED", "DISCARDED").contains(now)) {
                throw new AssertionError(jobId + " ended " + now + ", not " + status + ": " + job);
              }
              return status.equals(now);
            });
  }

  private static void awaitDeadLetterListed(String jobId) {
    await(jobId + " listed as a dead letter")
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> api.get("/v1/dead-letters?type=email").json().path("items").toString(),
            items -> items.contains("\"" + jobId + "\""));
  }

  private static List<Path> mailTo(String address) throws Exception {
    if (!Files.isDirectory(stack.mailDir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(stack.mailDir())) {
      var out = new ArrayList<Path>();
      for (Path f : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
        if (Files.readString(f).contains("To: " + address)) {
          out.add(f);
        }
      }
      return out;
    }
  }

  @Test
  void aTenantWatchesItsJobsRedrivesADeadLetterAndAnotherTenantSeesNoneOfIt() throws Exception {
    Tool browser = Tool.fromEnv("JOBQUEUE_CHROMIUM");
    Tool driver = Tool.fromEnv("JOBQUEUE_NODE_MODULES");
    assumeTrue(browser.present(), browser.missing() + " (Chromium: apt-get install chromium)");
    assumeTrue(driver.present(), driver.missing());

    // what the page is to find: a dead letter (the relay refuses its recipient for good) and a
    // batch with one recipient refused among two delivered (the batch is parked for that one)
    String parked =
        submit(
            """
            {"type": "email", "payload": {"to": ["bounce@simulator.jobqueue.test"],
             "subject": "Receipt", "text": "Thanks"}}\
            """);
    String batch =
        submit(
            """
            {"type": "email-batch", "payload": {"template": {"subject": "Hi {{name}}",
             "text": "Dear {{name}}"}, "recipients": [
               {"to": "one@example.com", "vars": {"name": "One"}},
               {"to": "bounce@simulator.jobqueue.test", "vars": {"name": "Bounce"}},
               {"to": "two@example.com", "vars": {"name": "Two"}}]}}\
            """);
    // due in an hour: in flight (waiting) whenever the charts are drawn
    String later =
        submit(
            "{\"type\": \"email\", \"runAt\": \""
                + java.time.Instant.now().plus(Duration.ofHours(1))
                + "\", \"payload\": {\"to\": [\"later@example.com\"], \"subject\": \"Later\","
                + " \"text\": \"later\"}}");
    var schedule =
        api.post(
            "/v1/schedules",
            """
            {"id": "console-digest", "cron": "0 9 * * 1-5", "timeZone": "Europe/Berlin",
             "job": {"type": "email", "payload": {"to": ["digest@example.com"],
              "subject": "Digest", "text": "Weekly"}}}\
            """);
    assertThat(schedule.status()).as("%s", schedule.json()).isEqualTo(201);
    awaitStatus(parked, "DEAD_LETTERED");
    awaitDeadLetterListed(parked);
    awaitStatus(batch, "DEAD_LETTERED");

    Path shots = Path.of("target", "screenshots", "console").toAbsolutePath();
    Files.createDirectories(shots);
    var run =
        Tool.run(
            List.of(
                "node",
                Path.of("src/test/browser/console-page.mjs").toAbsolutePath().toString(),
                stack.apiUrl() + "/console",
                stack.apiKey(),
                stack.apiKey(OTHER),
                parked,
                batch,
                CORRECTED,
                "console-digest",
                shots.toString()),
            Map.of("JOBQUEUE_CHROMIUM", browser.path(), "JOBQUEUE_NODE_MODULES", driver.path()),
            900,
            Harness.LOGS.resolve("browser-console.log"));
    String last = run.output().strip().lines().reduce((a, b) -> b).orElse("{}");
    JsonNode page = JSON.readTree(last.startsWith("{") ? last : "{}");
    assertThat(page.path("failure").asText()).as(run.output()).isEmpty();
    assertThat(run.exitCode()).as(run.output()).isZero();

    // watched to SUCCEEDED by the page's own refresh, without a reload
    String watched = page.path("jobId").asText();
    assertThat(api.job(watched).path("status").asText()).isEqualTo("SUCCEEDED");
    // first shown waiting for its runAt, then done: the list redrew itself
    JsonNode statuses = page.path("listStatuses");
    assertThat(statuses.size()).as("%s", statuses).isGreaterThanOrEqualTo(2);
    assertThat(statuses.get(0).asText()).isEqualTo("SCHEDULED");
    assertThat(statuses.get(statuses.size() - 1).asText()).isEqualTo("SUCCEEDED");
    assertThat(page.path("reloadedWhileWatching").asBoolean()).isFalse();
    assertThat(page.path("detailText").asText()).contains("SUCCEEDED", "created", "email");
    assertThat(page.path("temporalLink").asText())
        .startsWith(stack.temporal().uiUrl().orElseThrow() + "/namespaces/default/workflows/");
    assertThat(page.path("downloadText").asText()).contains("watched@example.com");
    assertThat(mailTo("watched@example.com")).hasSize(1);

    // the batch's recipients, each with its outcome
    var outcomes = new java.util.TreeMap<String, String>();
    page.path("recipients")
        .forEach(r -> outcomes.put(r.path("to").asText(), r.path("outcome").asText()));
    assertThat(outcomes)
        .containsEntry("one@example.com", "accepted")
        .containsEntry("two@example.com", "accepted")
        .containsEntry("bounce@simulator.jobqueue.test", "failed");
    assertThat(page.path("failedRecipients").toString())
        .isEqualTo("[\"bounce@simulator.jobqueue.test\"]");

    // the dead letter, shown with its error, redriven from the page with the corrected recipient
    assertThat(page.path("deadLetterText").asText()).contains("SmtpRejected");
    assertThat(page.path("redriveNotice").asText()).contains(parked);
    JsonNode redriven = awaitStatus(parked, "SUCCEEDED");
    assertThat(redriven.path("jobId").asText()).isEqualTo(parked);
    await("the corrected recipient's mail")
        .atMost(Duration.ofMinutes(1))
        .until(() -> mailTo(CORRECTED).size() == 1);

    // its history in the page: the bounced attempt with the relay's refusal, parked, redriven,
    // then delivered
    List<String> kinds = new java.util.ArrayList<>();
    page.path("history").forEach(entry -> kinds.add(entry.path("kind").asText()));
    assertThat(kinds)
        .as("%s", page.path("history"))
        .containsSubsequence("CREATED", "ATTEMPT_FAILED", "DEAD_LETTERED", "REDRIVEN", "SUCCEEDED");
    JsonNode bounced = page.path("history").get(kinds.indexOf("ATTEMPT_FAILED"));
    assertThat(bounced.path("attempt").asText()).isEqualTo("1");
    assertThat(bounced.path("text").asText())
        .contains(
            "SendEmail",
            "SmtpRejected",
            "RCPT TO bounce@simulator.jobqueue.test",
            "(not retryable)");
    assertThat(page.path("history").get(kinds.indexOf("DEAD_LETTERED")).path("text").asText())
        .contains("SmtpRejected");
    assertThat(kinds.subList(kinds.indexOf("REDRIVEN"), kinds.size()))
        .as("the redriven run's attempt, after the redrive")
        .contains("STARTED", "COMPLETED")
        .doesNotContain("ATTEMPT_FAILED");

    // the schedule, listed and paused from the page
    assertThat(page.path("scheduleText").asText())
        .contains("0 9 * * 1-5")
        .doesNotContain("[object");
    assertThat(api.get("/v1/schedules/console-digest").json().path("paused").asBoolean()).isTrue();

    // the charts drew the jobs of the last minutes
    JsonNode charts = page.path("charts");
    assertThat(charts.path("throughputLegend").asText())
        .containsPattern("started \\([1-9][0-9]*\\)");
    assertThat(charts.path("throughputLegend").asText())
        .containsPattern("succeeded \\([1-9][0-9]*\\)");
    assertThat(charts.path("throughputDots").asInt()).isPositive();
    assertThat(charts.path("depthDots").asInt()).isPositive();
    assertThat(charts.path("depthLegend").asText())
        .containsPattern("in flight now \\([1-9][0-9]*\\)");
    assertThat(charts.path("figures").asText()).containsPattern("Scheduled\\s+[1-9]");

    // the main actions are reachable with Tab
    String tabs = page.path("tabOrder").toString();
    assertThat(tabs)
        .contains("a:Jobs", "a:Dead letters", "a:Schedules", "a:Activity", "button:Sign out")
        .contains("button:Apply", "a:" + watched)
        .doesNotContain("(invisible)");

    // readable on a phone: nothing wider than the screen
    JsonNode phone = page.path("phone");
    assertThat(phone.path("scrollWidth").asInt())
        .isLessThanOrEqualTo(phone.path("innerWidth").asInt());
    assertThat(phone.path("detailOverflow"))
        .as("elements of a job's page wider than the phone's screen")
        .isEmpty();
    assertThat(phone.path("detailScrollWidth").asInt())
        .isLessThanOrEqualTo(phone.path("innerWidth").asInt());
    assertThat(phone.path("fontSize").asDouble()).isGreaterThanOrEqualTo(14);
    assertThat(phone.path("listScrollWidth").asInt())
        .as("the job list fits the phone's width, nothing scrolled aside")
        .isLessThanOrEqualTo(phone.path("listWidth").asInt());

    // the other tenant's key shows none of it
    JsonNode other = page.path("tenantB");
    assertThat(other.path("jobs")).isEmpty();
    assertThat(other.path("deadLetters")).isEmpty();
    assertThat(other.path("schedules")).isEmpty();
    assertThat(other.path("text").asText()).doesNotContain(watched, parked, batch, later);
    assertThat(other.path("foreignJobNotice").asText()).isNotEmpty();
    assertThat(other.path("foreignJobDetail").asText()).doesNotContain("watched@example.com");
    assertThat(other.path("throughputLegend").asText()).contains("started (0)");

    // everything came from the API's own origin, under its policy, without a script error
    assertThat(page.path("foreign")).as("requests off the API's origin").isEmpty();
    assertThat(page.path("errors").toString())
        .as("script errors, refused loads")
        .doesNotContain("Content Security Policy")
        .doesNotContain("Uncaught");
    try (Stream<Path> files = Files.list(shots)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .contains(
              "console-jobs.png",
              "console-job.png",
              "console-job-history.png",
              "console-batch.png",
              "console-dead-letters.png",
              "console-schedules.png",
              "console-activity.png",
              "console-phone-jobs.png",
              "console-tenant-b-jobs.png");
    }
  }
}
