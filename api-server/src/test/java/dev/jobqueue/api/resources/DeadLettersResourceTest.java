package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.deadletters.DeadLetterActions;
import dev.jobqueue.email.BatchProgress;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailBatchJob;
import dev.jobqueue.email.EmailBatchResult;
import dev.jobqueue.email.EmailBatchWorkflow;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.report.ReportActivities;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.report.ReportWorkflowImpl;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redriving and discarding single dead letters: the real job workflows on the test server, with
 * stand-in activities that refuse for good what the test tells them to. Listing and bulk redrive
 * need visibility queries the test server lacks; they run against the dev server in system-tests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DeadLettersResourceTest {
  private static final String BOUNCE = "bounce@simulator.jobqueue.test";

  /** Recipients the stand-in relay refuses for good; a test removes one to let it through. */
  private static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

  /** Every input the stand-ins were called with, by job id. */
  private static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

  private static final TestApi API = new TestApi();

  static {
    REFUSED.add(BOUNCE);
    var email = API.worker(TaskQueues.EMAIL);
    email.registerWorkflowImplementationTypes(EmailWorkflowImpl.class, ParkedBatch.class);
    email.registerActivitiesImplementations(new StandInRelay());
    var pdf = API.worker(TaskQueues.PDF);
    pdf.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    pdf.registerActivitiesImplementations(new StandInRenderer());
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static void seen(String jobId, Object input) {
    SEEN.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(input);
  }

  static final class StandInRelay implements EmailActivities {
    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      seen(job.job().jobId(), job);
      if (job.message().to().stream().anyMatch(REFUSED::contains)) {
        throw ApplicationFailure.newNonRetryableFailure("550 5.1.1 no such user", "SmtpRejected");
      }
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  /** Refuses a report titled "broken" for good. */
  static final class StandInRenderer implements ReportActivities {
    @Override
    public ReportResult renderReport(ReportJob job) {
      seen(job.job().jobId(), job);
      if ("broken".equals(job.title())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no such template data", "InvalidReportData");
      }
      return new ReportResult(job.job().jobId() + ".pdf", 1, 10, "ab12", job.rowCount(), 0, 0, 1);
    }

    @Override
    public void discardReport(ReportJob job) {}
  }

  /** Only the batch's part a redrive sees: it parks at once and takes what it is sent. */
  public static final class ParkedBatch implements EmailBatchWorkflow {
    private final List<Redrive<EmailBatchJob>> redrives = new ArrayList<>();

    @Override
    public EmailBatchResult send(EmailBatchJob job) {
      Workflow.upsertTypedSearchAttributes(
          JobSearchAttributes.JOB_STATUS.valueSet("DEAD_LETTERED"));
      Workflow.await(() -> !redrives.isEmpty());
      if (redrives.getFirst().job() != null) {
        throw ApplicationFailure.newNonRetryableFailure("redriven with a batch", "Unexpected");
      }
      return new EmailBatchResult(0, 0, 0, 2);
    }

    @Override
    public void redrive(Redrive<EmailBatchJob> request) {
      redrives.add(request);
    }

    @Override
    public void attemptFailed(AttemptError error) {}

    @Override
    public void discard(Discard request) {}

    @Override
    public BatchProgress progress() {
      return new BatchProgress(0, 0, 0, 0);
    }
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await("job " + jobId + " " + status)
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> ApiCalls.json(ACME.get("/v1/jobs/" + jobId)),
            job -> status.equals(job.path("status").asText()));
  }

  private static String deadLetteredEmail(String recipient) {
    REFUSED.add(recipient);
    String jobId = ACME.submit(Payloads.EMAIL.replace("ada@example.com", recipient));
    awaitStatus(jobId, "DEAD_LETTERED");
    return jobId;
  }

  private static Response redrive(ApiCalls caller, String jobId, String body) {
    var request = caller.request("/v1/dead-letters/" + jobId + "/redrive");
    return body == null
        ? request.post(null)
        : request.post(Entity.entity(body, MediaType.APPLICATION_JSON));
  }

  private static Response discard(ApiCalls caller, String jobId, String body) {
    var request = caller.request("/v1/dead-letters/" + jobId);
    return body == null
        ? request.delete()
        : request
            .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true)
            .method("DELETE", Entity.entity(body, MediaType.APPLICATION_JSON));
  }

  /** The Redrive and Discard signals the job's workflow received, by name. */
  private static List<String> signals(String jobId) {
    return API.client().fetchHistory("acme/" + jobId).getEvents().stream()
        .filter(event -> event.hasWorkflowExecutionSignaledEventAttributes())
        .map(event -> event.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .filter(name -> !name.equals("AttemptFailed"))
        .toList();
  }

  private static double counter(String metric, String type) {
    var counter = API.registry.find(metric).tags("job_type", type, "tenant", "acme").counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void redrivesADeadLetterWhichThenRunsAgainAndSucceeds() {
    String jobId = deadLetteredEmail("redrive-one@example.com");
    REFUSED.remove("redrive-one@example.com");
    double before = counter(DeadLetterActions.REDRIVE_REQUESTS_METRIC, "email");

    try (Response response = redrive(ACME, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(202);
      JsonNode job = ApiCalls.json(response);
      assertThat(job.get("jobId").asText()).isEqualTo(jobId);
      assertThat(job.get("status").asText())
          .isIn("DEAD_LETTERED", "QUEUED", "RUNNING", "SUCCEEDED");
    }

    JsonNode job = awaitStatus(jobId, "SUCCEEDED");
    assertThat(job.get("result").get("accepted").get(0).asText())
        .isEqualTo("redrive-one@example.com");
    assertThat(SEEN.get(jobId)).as("the original input, run twice").hasSize(2);
    assertThat(signals(jobId)).containsExactly("Redrive");
    assertThat(counter(DeadLetterActions.REDRIVE_REQUESTS_METRIC, "email")).isEqualTo(before + 1);
  }

  @Test
  void historyShowsTheBouncedAttemptItsDeadLetterAndTheRedriveThatDeliveredIt() {
    String jobId = deadLetteredEmail("history-one@example.com");
    REFUSED.remove("history-one@example.com");
    try (Response response = redrive(ACME, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(202);
    }
    awaitStatus(jobId, "SUCCEEDED");

    JsonNode history = ApiCalls.json(ACME.get("/v1/jobs/" + jobId + "/history"));

    assertThat(history.get("jobId").asText()).isEqualTo(jobId);
    assertThat(history.get("truncated").asBoolean()).isFalse();
    assertThat(history.get("links").get("job").asText()).isEqualTo("/v1/jobs/" + jobId);
    List<String> kinds = new ArrayList<>();
    history.get("entries").forEach(entry -> kinds.add(entry.get("kind").asText()));
    assertThat(kinds)
        .containsExactly(
            "CREATED",
            "STARTED",
            "ATTEMPT_FAILED",
            "DEAD_LETTERED",
            "REDRIVEN",
            "STARTED",
            "COMPLETED",
            "SUCCEEDED");
    JsonNode failed = history.get("entries").get(2);
    assertThat(failed.get("attempt").asInt()).isEqualTo(1);
    assertThat(failed.get("activity").asText()).isEqualTo("SendEmail");
    assertThat(failed.get("error").get("type").asText()).isEqualTo("SmtpRejected");
    assertThat(failed.get("error").get("message").asText()).isEqualTo("550 5.1.1 no such user");
    assertThat(failed.get("error").get("nonRetryable").asBoolean()).isTrue();
    assertThat(history.get("entries").get(3).get("error").get("type").asText())
        .isEqualTo("SmtpRejected");
  }

  @Test
  void anotherTenantsJobHasNoHistory() {
    String jobId = deadLetteredEmail(BOUNCE);

    try (Response response = GLOBEX.get("/v1/jobs/" + jobId + "/history")) {
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }
    try (Response response = ACME.get("/v1/jobs/no-such-job/history")) {
      assertThat(response.getStatus()).isEqualTo(404);
    }
  }

  @Test
  void redrivesAnEmailWithACorrectedPayloadUnderTheSameJob() {
    String jobId = deadLetteredEmail(BOUNCE);

    try (Response response =
        redrive(
            ACME,
            jobId,
            """
            {"payload": {"to": ["fixed@example.com"], "subject": "Invoice, again", "text": "Attached."}}
            """)) {
      assertThat(response.getStatus()).isEqualTo(202);
    }

    awaitStatus(jobId, "SUCCEEDED");
    var last = (EmailJob) SEEN.get(jobId).getLast();
    assertThat(last.job().jobId()).isEqualTo(jobId);
    assertThat(last.job().tenant()).isEqualTo("acme");
    assertThat(last.message().to()).containsExactly("fixed@example.com");
    assertThat(last.message().subject()).isEqualTo("Invoice, again");
  }

  @Test
  void redrivesAReportWithCorrectedData() {
    String jobId = ACME.submit(Payloads.PDF.replace("\"March\"", "\"broken\""));
    awaitStatus(jobId, "DEAD_LETTERED");

    try (Response response =
        redrive(
            ACME,
            jobId,
            """
            {"payload": {"template": "statement", "title": "fixed", "sample": {"rows": 5}}}
            """)) {
      assertThat(response.getStatus()).isEqualTo(202);
    }

    awaitStatus(jobId, "SUCCEEDED");
    var last = (ReportJob) SEEN.get(jobId).getLast();
    assertThat(last.job().jobId()).isEqualTo(jobId);
    assertThat(last.title()).isEqualTo("fixed");
    assertThat(last.rowCount()).isEqualTo(5);
  }

  @Test
  void refusesAnInvalidCorrectedPayloadNamingTheFieldAndSignalsNothing() {
    String jobId = deadLetteredEmail(BOUNCE);

    try (Response response =
        redrive(
            ACME,
            jobId,
            """
            {"payload": {"to": ["not an address"], "subject": "Invoice", "text": "Attached."}}
            """)) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      JsonNode problem = ApiCalls.json(response);
      assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("payload.to[0]");
    }
    try (Response response = redrive(ACME, jobId, "{\"payload\": {\"to\": null}}")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").get(0).get("field").asText())
          .isEqualTo("payload.to");
    }
    try (Response response = redrive(ACME, jobId, "{\"payload\": {}, \"priority\": 1}")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").get(0).get("field").asText())
          .isEqualTo("priority");
    }

    assertThat(signals(jobId)).isEmpty();
    assertThat(ApiCalls.json(ACME.get("/v1/jobs/" + jobId)).get("status").asText())
        .isEqualTo("DEAD_LETTERED");
  }

  @Test
  void redrivesAnEmailBatchOnlyAsItWas() {
    String jobId = "parked-batch";
    var options =
        WorkflowOptions.newBuilder()
            .setWorkflowId("acme/" + jobId)
            .setTaskQueue(TaskQueues.EMAIL)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(JobSearchAttributes.JOB_TYPE, "email-batch")
                    .set(JobSearchAttributes.TENANT, "acme")
                    .set(JobSearchAttributes.JOB_STATUS, "QUEUED")
                    .build())
            .build();
    var batch = API.client().newWorkflowStub(EmailBatchWorkflow.class, options);
    WorkflowClient.start(batch::send, new EmailBatchJob(new JobRef(jobId, "acme"), null));
    await("parked")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                "DEAD_LETTERED"
                    .equals(
                        API.client()
                            .newUntypedWorkflowStub("acme/" + jobId)
                            .describe()
                            .getTypedSearchAttributes()
                            .get(JobSearchAttributes.JOB_STATUS)));

    try (Response response = redrive(ACME, jobId, "{\"payload\": {\"template\": {}}}")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").get(0).get("field").asText())
          .isEqualTo("payload");
    }
    try (Response response = redrive(ACME, jobId, "{}")) {
      assertThat(response.getStatus()).isEqualTo(202);
    }

    assertThat(
            API.client()
                .newUntypedWorkflowStub("acme/" + jobId)
                .getResult(EmailBatchResult.class)
                .passes())
        .as("redriven with no batch: the one it had")
        .isEqualTo(2);
  }

  @Test
  void answers409ForAJobThatIsNotADeadLetter() {
    String jobId = ACME.submit(Payloads.EMAIL);
    awaitStatus(jobId, "SUCCEEDED");

    try (Response response = redrive(ACME, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(409);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(ApiCalls.json(response).get("detail").asText()).contains("SUCCEEDED");
    }
    try (Response response = discard(ACME, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(409);
    }
  }

  @Test
  void answers404ForAnotherTenantsDeadLetterAndSignalsNothing() {
    String jobId = deadLetteredEmail(BOUNCE);

    try (Response response = redrive(GLOBEX, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }
    try (Response response = discard(GLOBEX, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(404);
    }
    try (Response response = redrive(ACME, "no-such-job", null)) {
      assertThat(response.getStatus()).isEqualTo(404);
    }

    assertThat(signals(jobId)).isEmpty();
  }

  @Test
  void discardsADeadLetterWhichEndsDiscarded() {
    String jobId = deadLetteredEmail(BOUNCE);
    double before = counter(DeadLetterActions.DISCARD_REQUESTS_METRIC, "email");

    try (Response response = discard(ACME, jobId, "{\"reason\": \"the customer left\"}")) {
      assertThat(response.getStatus()).isEqualTo(204);
    }

    awaitStatus(jobId, "DISCARDED");
    assertThat(signals(jobId)).containsExactly("Discard");
    assertThat(
            API.client().fetchHistory("acme/" + jobId).getEvents().stream()
                .filter(event -> event.hasWorkflowExecutionSignaledEventAttributes())
                .map(
                    event ->
                        event
                            .getWorkflowExecutionSignaledEventAttributes()
                            .getInput()
                            .getPayloads(0)
                            .getData()
                            .toStringUtf8()))
        .as("the reason stays in the job's history")
        .anySatisfy(input -> assertThat(input).contains("the customer left"));
    assertThat(counter(DeadLetterActions.DISCARD_REQUESTS_METRIC, "email")).isEqualTo(before + 1);
  }

  @Test
  void answers409ToASecondDiscard() {
    String jobId = deadLetteredEmail(BOUNCE);
    try (Response response =
        ACME.request("/v1/dead-letters/" + jobId + "?reason=duplicate").delete()) {
      assertThat(response.getStatus()).isEqualTo(204);
    }
    awaitStatus(jobId, "DISCARDED");

    try (Response response = discard(ACME, jobId, null)) {
      assertThat(response.getStatus()).isEqualTo(409);
      assertThat(ApiCalls.json(response).get("detail").asText()).contains("DISCARDED");
    }
    try (Response response = redrive(ACME, jobId, null)) {
      assertThat(response.getStatus()).as("nor can it be redriven").isEqualTo(409);
    }
  }

  @Test
  void refusesTwoDifferentDiscardReasonsOrOneWithLineBreaks() {
    String jobId = deadLetteredEmail(BOUNCE);

    try (Response response =
        ACME.request("/v1/dead-letters/" + jobId + "?reason=a")
            .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true)
            .method("DELETE", Entity.entity("{\"reason\": \"b\"}", MediaType.APPLICATION_JSON))) {
      assertThat(response.getStatus()).isEqualTo(400);
    }
    try (Response response = discard(ACME, jobId, "{\"reason\": \"two\\nlines\"}")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").get(0).get("field").asText())
          .isEqualTo("reason");
    }

    assertThat(signals(jobId)).isEmpty();
  }

  @Test
  void refusesABulkRedriveWithoutAFilterObjectOrWithBadFilters() {
    try (Response response = ACME.request("/v1/dead-letters/redrive").post(null)) {
      assertThat(response.getStatus()).isEqualTo(400);
    }
    try (Response response =
        ACME.request("/v1/dead-letters/redrive")
            .post(
                Entity.json(
                    "{\"type\": \"fax\", \"deadLetteredAfter\": \"yesterday\", \"x\": 1}"))) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").findValuesAsText("field"))
          .containsExactly("x");
    }
    try (Response response =
        ACME.request("/v1/dead-letters/redrive")
            .post(Entity.json("{\"type\": \"fax\", \"deadLetteredAfter\": \"yesterday\"}"))) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").findValuesAsText("field"))
          .containsExactly("type", "deadLetteredAfter");
    }
  }

  @Test
  void refusesBadListFiltersNamingEach() {
    try (Response response =
        ACME.get("/v1/dead-letters?type=fax&errorType=a%20b&deadLetteredBefore=soon&pageSize=0")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).get("errors").findValuesAsText("field"))
          .containsExactly("type", "errorType", "deadLetteredBefore", "pageSize");
    }
  }
}
