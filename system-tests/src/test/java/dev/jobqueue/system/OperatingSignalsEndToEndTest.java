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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator watches, on the real server: the backlog of a task queue no worker serves (from
 * Temporal's task-queue statistics, read by the API), JSON log lines that name their job, and one
 * label name for the job type in every process's metrics.
 */
class OperatingSignalsEndToEndTest {
  private static final Pattern EMAIL_WORKFLOW_BACKLOG =
      Pattern.compile(
          "^jobqueue_task_queue_backlog\\{[^}]*task_queue=\"email\",task_type=\"workflow\"\\}"
              + " (\\S+)$",
          Pattern.MULTILINE);

  private static final Pattern JOBS_SUCCEEDED_EMAIL =
      Pattern.compile("jobqueue_jobs_succeeded_total\\{[^}]*job_type=\"email\"");

  /** A job type labelled anything but {@code job_type} on one of our metrics. */
  private static final Pattern OTHER_JOB_TYPE_LABEL =
      Pattern.compile("(?m)^jobqueue_\\w+\\{(?:[^}]*,)?(?:type|jobType|jobtype)=\"");

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    stack =
        Harness.stack(work)
            .env(
                Map.of(
                    "LOG_FORMAT", "json",
                    "BACKLOG_POLL_INTERVAL", "PT1S",
                    // every email a workflow of its own on the email queue
                    "COALESCING_ENABLED", "false"))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  private static String submitEmail(String to) throws Exception {
    var response =
        api.post(
            "/v1/jobs",
            """
            {"type": "email", "payload": {"to": ["%s"], "subject": "Receipt", "text": "Thanks"}}\
            """
                .formatted(to));
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  /** The API's reading of the email queue's workflow-task backlog, once it has one. */
  private static Optional<Double> emailBacklog() throws Exception {
    var matcher =
        EMAIL_WORKFLOW_BACKLOG.matcher(stack.process(App.API_SERVER).admin("/metrics").body());
    return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
  }

  @Test
  void backlogGrowsWhileNoWorkerServesTheQueueAndDrainsWhenOneReturns() throws Exception {
    stack.process(App.WORKER_EMAIL).kill();
    var jobs = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      jobs.add(submitEmail("reader" + i + "@example.com"));
    }

    await("email backlog above 0")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> emailBacklog().filter(b -> b > 0).isPresent());

    stack.start(App.WORKER_EMAIL);
    await("email backlog back to 0")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> emailBacklog().filter(b -> b == 0).isPresent());
    for (String job : jobs) {
      await(job + " SUCCEEDED")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> api.status(job).equals("SUCCEEDED"));
    }
  }

  /** One label name for the job type in every process: what the API took joins what a fleet did. */
  @Test
  void everyProcessLabelsTheJobTypeJobType() throws Exception {
    String job = submitEmail("labels@example.com");
    await(job + " SUCCEEDED")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> api.status(job).equals("SUCCEEDED"));

    await("jobqueue_jobs_succeeded_total in worker-email's metrics")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                JOBS_SUCCEEDED_EMAIL
                    .matcher(stack.process(App.WORKER_EMAIL).admin("/metrics").body())
                    .find());
    String apiMetrics = stack.process(App.API_SERVER).admin("/metrics").body();
    String workerMetrics = stack.process(App.WORKER_EMAIL).admin("/metrics").body();
    assertThat(apiMetrics)
        .containsPattern("jobqueue_jobs_submitted_total\\{[^}]*job_type=\"email\"");
    for (String metrics : List.of(apiMetrics, workerMetrics)) {
      assertThat(metrics).doesNotContainPattern(OTHER_JOB_TYPE_LABEL);
    }
  }

  @Test
  void workerLogsJsonLinesNamingTheJob() throws Exception {
    String job = submitEmail("bounce@simulator.jobqueue.test");
    Path log = stack.logDir().resolve(App.WORKER_EMAIL.module() + ".log");

    JsonNode line =
        await("a JSON line about " + job + " in " + log)
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> linesNaming(log, job), found -> !found.isEmpty())
            .getFirst();

    assertThat(line.path("mdc").path("tenant").asText()).isEqualTo(stack.tenant());
    assertThat(line.path("message").asText()).contains("SmtpRejected");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    // the request log is JSON too: the API's line for a read of this job
    api.status(job);
    Path apiLog = stack.logDir().resolve(App.API_SERVER.module() + ".log");
    await("a JSON request-log line for GET /v1/jobs/" + job)
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                jsonLines(apiLog).stream()
                    .anyMatch(
                        json ->
                            json.path("method").asText().equals("GET")
                                && json.path("uri").asText().equals("/v1/jobs/" + job)));
  }

  /** The log's JSON lines whose MDC names {@code jobId}. */
  private static List<JsonNode> linesNaming(Path log, String jobId) throws Exception {
    return jsonLines(log).stream()
        .filter(line -> line.path("mdc").path("jobId").asText().equals(jobId))
        .toList();
  }

  /** The log's JSON lines (the JVM's own warnings before logging starts are text). */
  private static List<JsonNode> jsonLines(Path log) throws Exception {
    var lines = new ArrayList<JsonNode>();
    for (String text : Files.readAllLines(log)) {
      if (text.startsWith("{")) {
        lines.add(ApiClient.JSON.readTree(text));
      }
    }
    return lines;
  }
}
