package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records real histories of every job workflow in every state a job can wait in, from the real
 * server and fleets, into the folder {@code JOBQUEUE_RECORD_HISTORIES} names ({@code ./jobqueue
 * record-histories} sets it): the workflow module's replay test then replays them on every later
 * version of the code. A history of an open workflow ends where it waits (a timer, a retry's
 * backoff, a dead letter's signal); replaying it checks exactly what a deploy must replay.
 */
@EnabledIfEnvironmentVariable(
    named = "JOBQUEUE_RECORD_HISTORIES",
    matches = ".+",
    disabledReason = "records workflow histories only when asked (./jobqueue record-histories)")
class HistoryRecorder {
  @TempDir static Path work;

  private static final String OK =
      "{\"to\":[\"%s@example.com\"],\"subject\":\"Hi\",\"text\":\"Hello\"}";

  /** The API's retention sweeper, a Temporal schedule it creates on start. */
  private static final String RETENTION_SCHEDULE = "jobqueue-retention-sweep";

  private static final String BOUNCE = "bounce@simulator.jobqueue.test";
  private static final String TEMPFAIL = "tempfail@simulator.jobqueue.test";

  private final Map<String, String> recorded = new LinkedHashMap<>();
  private LocalStack stack;
  private ApiClient api;
  private WorkflowClient client;

  @Test
  void recordsEveryWaitingStateOfEveryJobType() throws Exception {
    Path out = Path.of(System.getenv("JOBQUEUE_RECORD_HISTORIES")).toAbsolutePath();
    Files.createDirectories(out);
    try (var started =
        Harness.stack(work)
            .env(
                Map.of(
                    // small chunks, sent slowly: a batch is caught with some chunks done
                    "BATCH_CHUNK_SIZE", "10",
                    "EMAIL_BULK_RATE", "2",
                    "PDF_WORKER_HEARTBEAT_THROTTLE", "PT1S",
                    // the long report is cancelled soon after it starts: no page budget debt
                    "TENANT_PAGE_BURST", "1000000"))
            .start()) {
      stack = started;
      api = stack.api();
      client = stack.temporal().client();
      recordEmails();
      recordReports();
      recordBatches();
      recordGroup();
      recordControl();
      for (var entry : recorded.entrySet()) {
        Files.writeString(out.resolve(entry.getKey() + ".json"), entry.getValue());
      }
    }
    assertThat(recorded).hasSizeGreaterThanOrEqualTo(15);
  }

  private void recordEmails() throws Exception {
    String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();
    String scheduled =
        submit(
            "{\"type\":\"email\",\"runAt\":\"" + tomorrow + "\",\"payload\":" + ok("later") + "}");
    String retrying = submit(email(TEMPFAIL));
    String parked = submit(email(BOUNCE));
    String redrivenRetrying = submit(email(BOUNCE));
    String redriven = submit(email(BOUNCE));
    String discarded = submit(email(BOUNCE));
    String pastDeadline =
        submit(
            "{\"type\":\"email\",\"deadline\":\"PT15S\",\"payload\":{\"to\":[\""
                + TEMPFAIL
                + "\"],\"subject\":\"Hi\",\"text\":\"Hello\"}}");
    String cancelled =
        submit(
            "{\"type\":\"email\",\"runAt\":\"" + tomorrow + "\",\"payload\":" + ok("never") + "}");

    record("email-scheduled", scheduled, status("SCHEDULED"));
    record("email-retrying", retrying, job -> job.path("attempt").asInt() >= 2);
    record("email-dead-lettered-parked", parked, status("DEAD_LETTERED"));

    awaitJob(redrivenRetrying, status("DEAD_LETTERED"));
    redrive(
        redrivenRetrying,
        "{\"payload\":{\"to\":[\"" + TEMPFAIL + "\"],\"subject\":\"Hi\",\"text\":\"Hello\"}}");
    record(
        "email-redriven-retrying",
        redrivenRetrying,
        job -> "RETRYING".equals(job.path("status").asText()));

    awaitJob(redriven, status("DEAD_LETTERED"));
    redrive(redriven, "{\"payload\":" + ok("corrected") + "}");
    record("email-redriven-succeeded", redriven, status("SUCCEEDED"));

    awaitJob(discarded, status("DEAD_LETTERED"));
    assertThat(api.delete("/v1/dead-letters/" + discarded).status()).isEqualTo(204);
    record("email-discarded", discarded, status("DISCARDED"));

    record(
        "email-deadline-parked",
        pastDeadline,
        job ->
            "DEAD_LETTERED".equals(job.path("status").asText())
                && "DeadlineExceeded".equals(job.path("lastError").path("type").asText()));

    awaitJob(cancelled, status("SCHEDULED"));
    assertThat(api.delete("/v1/jobs/" + cancelled).status()).isEqualTo(202);
    record("email-cancelled", cancelled, status("CANCELLED"));
  }

  private void recordReports() throws Exception {
    String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();
    record(
        "report-scheduled",
        submit("{\"type\":\"pdf\",\"runAt\":\"" + tomorrow + "\",\"payload\":" + report(100) + "}"),
        status("SCHEDULED"));

    String running = submit("{\"type\":\"pdf\",\"payload\":" + report(2_000_000) + "}");
    record("report-running", running, job -> job.path("progress").path("done").asLong() > 0);
    assertThat(api.delete("/v1/jobs/" + running).status()).isEqualTo(202);
    record("report-cancelled", running, status("CANCELLED"));

    record(
        "report-succeeded",
        submit("{\"type\":\"pdf\",\"payload\":" + report(2_000) + "}"),
        status("SUCCEEDED"));

    // data the API would refuse, started as another client could: the worker refuses it for good
    var invalid = new JobRef("recorded-invalid-report", stack.tenant());
    new Jobs(client).startReport(invalid, 0);
    record("report-dead-lettered-parked", invalid.jobId(), status("DEAD_LETTERED"));
    redrive(invalid.jobId(), "{\"payload\":" + report(500) + "}");
    record("report-redriven-succeeded", invalid.jobId(), status("SUCCEEDED"));
  }

  private void recordBatches() throws Exception {
    String slow = submit(batch("slow", 120, 0));
    record(
        "batch-mid-chunks",
        slow,
        job -> {
          long done = job.path("progress").path("done").asLong();
          return done > 0 && done < job.path("progress").path("total").asLong();
        });
    String rejected = submit(batch("rejected", 25, 1));
    record("batch-rejected-parked", rejected, status("DEAD_LETTERED"));
    String workflowId = api.job(rejected).path("workflowId").asText();
    long chunks = chunkAttempts(workflowId);
    redrive(rejected, "{}");
    await("the redriven chunk refused again")
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                chunkAttempts(workflowId) > chunks
                    && "DEAD_LETTERED".equals(api.status(rejected))
                    && settled(workflowId));
    recordWorkflow("batch-redriven-parked-again", workflowId);
    record("batch-succeeded", slow, status("SUCCEEDED"));
  }

  /** Emails sent faster than the coalescing threshold travel together, one of them bounced. */
  private void recordGroup() throws Exception {
    var ids = new ArrayList<String>();
    try (var pool = Executors.newFixedThreadPool(16)) {
      var futures =
          IntStream.range(0, 40)
              .mapToObj(
                  i ->
                      pool.submit(
                          () ->
                              i % 10 == 3
                                  ? submitWithKey(email("keyed-" + i + "@example.com"), "key-" + i)
                                  : submit(
                                      email(i == 7 ? BOUNCE : "grouped-" + i + "@example.com"))))
              .toList();
      for (var future : futures) {
        ids.add(future.get());
      }
    }
    assertThat(ids).as("coalesced emails").anyMatch(id -> id.contains("~"));
    for (String id : ids) {
      awaitJob(
          id, job -> List.of("SUCCEEDED", "DEAD_LETTERED").contains(job.path("status").asText()));
    }
    String bouncedIn = api.job(ids.get(35)).path("workflowId").asText();
    if (bouncedIn.contains("/groups/")) {
      recordWorkflow("group-member-parked", bouncedIn);
    }
    for (String id : ids) {
      String group = api.job(id).path("workflowId").asText();
      if (group.contains("/groups/") && !group.equals(bouncedIn)) {
        recordWorkflow("group-succeeded", group);
        break;
      }
    }
    client
        .listExecutions("WorkflowType = 'KeyReservation'")
        .findFirst()
        .ifPresent(
            reservation ->
                recordWorkflow("key-reservation", reservation.getExecution().getWorkflowId()));
  }

  private void recordControl() throws Exception {
    var sweep =
        ScheduleClient.newInstance(
                client.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .build())
            .getHandle(RETENTION_SCHEDULE);
    sweep.trigger();
    String runId =
        await("a retention sweep run")
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    sweep.describe().getInfo().getRecentActions().stream()
                        .map(ScheduleActionResult::getAction)
                        .filter(ScheduleActionExecutionStartWorkflow.class::isInstance)
                        .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
                        .findFirst()
                        .orElse(null),
                id -> id != null);
    client.newUntypedWorkflowStub(runId).getResult(Object.class);
    recordWorkflow("retention-sweep", runId);

    recordScheduledFires();

    for (int i = 0; i < 3; i++) {
      awaitJob(submit(email(BOUNCE)), status("DEAD_LETTERED"));
    }
    var bulk =
        api.post(
            "/v1/dead-letters/redrive",
            "{\"type\":\"email\",\"errorType\":\"SmtpRejected\"}",
            "recorded-bulk");
    assertThat(bulk.status()).as("%s", bulk.json()).isEqualTo(202);
    String id = bulk.json().path("id").asText();
    await("bulk redrive done")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> api.get("/v1/dead-letters/redrives/" + id).json(),
            doc -> "SUCCEEDED".equals(doc.path("status").asText()));
    recordWorkflow("bulk-redrive-succeeded", "bulk-redrive/" + stack.tenant() + "/" + id);
  }

  /**
   * A tenant's schedule, triggered: one firing whose job succeeded, and one still looking at its
   * job, which the relay defers.
   */
  private void recordScheduledFires() throws Exception {
    String sent = scheduledFire("recorded-digest", email("ada@example.com"));
    client.newUntypedWorkflowStub(sent).getResult(Object.class);
    recordWorkflow("schedule-fired-succeeded", sent);

    String waiting = scheduledFire("recorded-deferred", email(TEMPFAIL));
    await(waiting + " looked at its job")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                client.fetchHistory(waiting).getEvents().stream()
                            .filter(HistoryEvent::hasTimerStartedEventAttributes)
                            .count()
                        >= 2
                    && settled(waiting));
    recordWorkflow("schedule-fire-waiting", waiting);
  }

  /** Creates the schedule, fires it, and answers the firing's workflow id. */
  private String scheduledFire(String id, String job) throws Exception {
    var created =
        api.post(
            "/v1/schedules",
            "{\"id\":\"" + id + "\",\"interval\":\"P1D\",\"paused\":true,\"job\":" + job + "}");
    assertThat(created.status()).as("%s", created.json()).isEqualTo(201);
    assertThat(api.post("/v1/schedules/" + id + "/trigger", "").status()).isEqualTo(202);
    var schedule =
        ScheduleClient.newInstance(
                client.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .build())
            .getHandle("schedule/" + stack.tenant() + "/" + id);
    return await(id + " fired")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                schedule.describe().getInfo().getRecentActions().stream()
                    .map(ScheduleActionResult::getAction)
                    .filter(ScheduleActionExecutionStartWorkflow.class::isInstance)
                    .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
                    .findFirst()
                    .orElse(null),
            fire -> fire != null);
  }

  // ---- helpers

  /**
   * Records the job's workflow once the job has {@code reached} a state and the workflow has
   * handled what brought it there (no workflow task pending: a new job's timer is started).
   */
  private void record(String name, String jobId, Predicate<JsonNode> reached) throws Exception {
    String workflowId = awaitJob(jobId, reached).path("workflowId").asText();
    await(workflowId + " settled")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                !client
                    .newUntypedWorkflowStub(workflowId)
                    .describe()
                    .getRawDescription()
                    .hasPendingWorkflowTask());
    recordWorkflow(name, workflowId);
  }

  private void recordWorkflow(String name, String workflowId) {
    recorded.put(name, client.fetchHistory(workflowId).toJson(true));
    System.out.printf("recorded %-32s %s%n", name, workflowId);
  }

  private JsonNode awaitJob(String jobId, Predicate<JsonNode> reached) {
    return await(jobId)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.job(jobId), reached::test);
  }

  private static Predicate<JsonNode> status(String status) {
    return job -> status.equals(job.path("status").asText());
  }

  private long chunkAttempts(String workflowId) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .count();
  }

  /** The workflow has handled everything it was sent: no workflow task or activity pending. */
  private boolean settled(String workflowId) {
    var description = client.newUntypedWorkflowStub(workflowId).describe().getRawDescription();
    return !description.hasPendingWorkflowTask() && description.getPendingActivitiesCount() == 0;
  }

  private String submit(String body) throws Exception {
    return api.submit(body).jobId();
  }

  private String submitWithKey(String body, String key) throws Exception {
    var response = api.post("/v1/jobs", body, key);
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  private void redrive(String jobId, String body) throws Exception {
    var response = api.post("/v1/dead-letters/" + jobId + "/redrive", body);
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
  }

  private static String ok(String name) {
    return OK.formatted(name);
  }

  private static String email(String to) {
    return "{\"type\":\"email\",\"payload\":{\"to\":[\""
        + to
        + "\"],\"subject\":\"Hi\",\"text\":\"Hello\"}}";
  }

  private static String report(long rows) {
    return "{\"template\":\"statement\",\"title\":\"Recorded\",\"sample\":{\"rows\":"
        + rows
        + ",\"seed\":7}}";
  }

  private static String batch(String prefix, int recipients, int bounces) {
    String items =
        IntStream.range(0, recipients)
            .mapToObj(
                i ->
                    "{\"to\":\""
                        + (i < bounces ? BOUNCE : prefix + "-" + i + "@example.com")
                        + "\",\"vars\":{\"name\":\"R"
                        + i
                        + "\"}}")
            .collect(Collectors.joining(","));
    return "{\"type\":\"email-batch\",\"payload\":{\"template\":{\"subject\":\"Hi {{name}}\","
        + "\"text\":\"Dear {{name}}\"},\"recipients\":["
        + items
        + "]}}";
  }
}
