package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.job.JobSearchAttributes;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job endpoints against Temporal's test server with no workers: every job stays QUEUED. */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobsResourceTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static String workflowId(String jobId) {
    return "acme/" + jobId;
  }

  @Test
  void startsAJobAndAnswers202WithItsLocationAndStatus() {
    try (Response response = ACME.post(Payloads.EMAIL)) {
      assertThat(response.getStatus()).isEqualTo(202);
      JsonNode job = ApiCalls.json(response);
      String jobId = job.get("jobId").asText();
      assertThat(jobId).matches("[A-Za-z0-9_-]{22}");
      assertThat(response.getLocation().getPath()).isEqualTo("/v1/jobs/" + jobId);
      assertThat(job.get("type").asText()).isEqualTo("email");
      assertThat(job.get("status").asText()).isEqualTo("QUEUED");
      assertThat(job.get("attempt").asInt()).isZero();
      assertThat(job.get("maxAttempts").asInt()).isEqualTo(12);
      assertThat(job.get("links").get("temporalUi").asText())
          .isEqualTo(TestApi.UI + "/namespaces/default/workflows/acme%2F" + jobId);
    }
  }

  @Test
  void startsTheWorkflowWithTheJobsAttributesAndDeadline() {
    String jobId =
        ACME.submit(
            Payloads.PDF.replace("\"type\"", "\"priority\": 1, \"deadline\": \"PT2H\", \"type\""));

    var description = API.client().newUntypedWorkflowStub(workflowId(jobId)).describe();
    var attributes = description.getTypedSearchAttributes();
    assertThat(attributes.get(JobSearchAttributes.JOB_TYPE)).isEqualTo("pdf");
    assertThat(attributes.get(JobSearchAttributes.TENANT)).isEqualTo("acme");
    assertThat(attributes.get(JobSearchAttributes.JOB_STATUS)).isEqualTo("QUEUED");
    assertThat(description.getTaskQueue()).isEqualTo("pdf");
    assertThat(description.getWorkflowType()).isEqualTo("ReportJob");
    assertThat((String) description.getMemo("requestHash", String.class)).matches("[0-9a-f]{64}");
    // the workflow keeps the deadline; Temporal's timeout is a backstop past the dead letter's time
    assertThat((String) description.getMemo("deadline", String.class)).isEqualTo("PT2H");
    assertThat(Instant.parse((String) description.getMemo("deadlineAt", String.class)))
        .isBetween(
            API.clock.instant().plus(Duration.ofHours(2)).minusSeconds(60),
            API.clock.instant().plus(Duration.ofHours(2)));
    var raw = description.getRawDescription();
    assertThat(raw.getExecutionConfig().getWorkflowExecutionTimeout().getSeconds())
        .isEqualTo(
            Duration.ofHours(2)
                .plus(API.config.getDeadLetterRetention())
                .plus(Duration.ofDays(7))
                .toSeconds());
  }

  @Test
  void holdsAJobWithAFutureRunAtAsScheduled() {
    Instant runAt = API.clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    String request = Payloads.EMAIL.replace("\"type\"", "\"runAt\": \"" + runAt + "\", \"type\"");

    String jobId = ACME.submit(request);

    JsonNode job = ApiCalls.json(ACME.get("/v1/jobs/" + jobId));
    assertThat(job.get("status").asText()).isEqualTo("SCHEDULED");
    assertThat(Instant.parse(job.get("runAt").asText())).isAfterOrEqualTo(runAt.minusSeconds(1));
    var attributes =
        API.client()
            .newUntypedWorkflowStub(workflowId(jobId))
            .describe()
            .getTypedSearchAttributes();
    assertThat(attributes.get(JobSearchAttributes.JOB_STATUS)).isEqualTo("SCHEDULED");
  }

  @Test
  void reportsAQueuedJobsStatusWithoutAnyWorker() {
    String jobId = ACME.submit(Payloads.EMAIL);

    try (Response response = ACME.get("/v1/jobs/" + jobId)) {
      assertThat(response.getStatus()).isEqualTo(200);
      JsonNode job = ApiCalls.json(response);
      assertThat(job.get("jobId").asText()).isEqualTo(jobId);
      assertThat(job.get("status").asText()).isEqualTo("QUEUED");
      assertThat(job.get("result").isNull()).isTrue();
      assertThat(job.get("links").get("self").asText()).isEqualTo("/v1/jobs/" + jobId);
    }
  }

  @Test
  void refusesRequestsWithoutAValidKey() {
    var anonymous = new ApiCalls(RESOURCES, null);
    var wrongKey = new ApiCalls(RESOURCES, "not-a-key");
    for (Response response :
        new Response[] {
          anonymous.post(Payloads.EMAIL),
          anonymous.get("/v1/jobs/abc"),
          wrongKey.get("/v1/jobs"),
          wrongKey.delete("/v1/jobs/abc"),
          anonymous.get("/v1/jobs/abc/result"),
          ACME.request("/v1/jobs").header("Authorization", "Basic " + TestApi.ACME_KEY).get()
        }) {
      try (response) {
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      }
    }
  }

  @Test
  void hidesOneTenantsJobsFromAnother() {
    String jobId = ACME.submit(Payloads.EMAIL);

    for (Response response :
        new Response[] {
          GLOBEX.get("/v1/jobs/" + jobId),
          GLOBEX.delete("/v1/jobs/" + jobId),
          GLOBEX.get("/v1/jobs/" + jobId + "/result")
        }) {
      try (response) {
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(ApiCalls.json(response).get("type").asText()).endsWith(":job-not-found");
      }
    }
    assertThat(ApiCalls.json(ACME.get("/v1/jobs/" + jobId)).get("status").asText())
        .isEqualTo("QUEUED");
  }

  @Test
  void answers404ForJobsThatDoNotExist() {
    for (String jobId : new String[] {"no-such-job", "%2E%2E", "a%2Fb", "x".repeat(300)}) {
      try (Response response = ACME.get("/v1/jobs/" + jobId)) {
        assertThat(response.getStatus()).as(jobId).isEqualTo(404);
      }
    }
  }

  @Test
  void replaysTheSameRequestUnderTheSameKeyAs200WithTheSameJob() {
    String first;
    try (Response response = ACME.post(Payloads.EMAIL, "order-1001")) {
      assertThat(response.getStatus()).isEqualTo(202);
      first = ApiCalls.json(response).get("jobId").asText();
    }
    // the same request, written differently: other field order, the default priority spelled out
    String same =
        """
        {"priority": 3, "payload": {"text": "Attached.", "subject": "Invoice",
         "to": ["ada@example.com"], "cc": []}, "type": "email"}
        """;
    try (Response response = ACME.post(same, "order-1001")) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(response).get("jobId").asText()).isEqualTo(first);
      assertThat(response.getLocation().getPath()).isEqualTo("/v1/jobs/" + first);
    }
  }

  @Test
  void refusesAKeyReusedForADifferentRequestWith422() {
    ACME.submitWithKey(Payloads.email("First"), "order-2002");

    try (Response response = ACME.post(Payloads.email("Second"), "order-2002")) {
      assertThat(response.getStatus()).isEqualTo(422);
      assertThat(ApiCalls.json(response).get("title").asText())
          .isEqualTo("Idempotency-Key reused with a different request");
    }
  }

  @Test
  void givesTheSameKeyOfTwoTenantsTwoJobs() {
    String acme = ACME.submitWithKey(Payloads.EMAIL, "shared-key");
    String globex = GLOBEX.submitWithKey(Payloads.email("Other"), "shared-key");

    assertThat(globex).isNotEqualTo(acme);
  }

  @Test
  void replaysAKeyedRequestWhoseRunAtHasSincePassed() {
    Instant runAt = API.clock.instant().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    String request = Payloads.EMAIL.replace("\"type\"", "\"runAt\": \"" + runAt + "\", \"type\"");
    String jobId = ACME.submitWithKey(request, "late-retry");

    API.clock.advance(Duration.ofMinutes(5)); // the client's retry arrives late

    try (Response response = ACME.post(request, "late-retry")) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(response).get("jobId").asText()).isEqualTo(jobId);
    }
    try (Response response = ACME.post(request, "a-new-key")) {
      assertThat(response.getStatus())
          .as("a new job whose runAt has passed is due now")
          .isEqualTo(202);
      assertThat(ApiCalls.json(response).get("jobId").asText()).isNotEqualTo(jobId);
    }
  }

  @Test
  void cancelsAQueuedJobWith202() {
    String jobId = ACME.submit(Payloads.EMAIL);

    try (Response response = ACME.delete("/v1/jobs/" + jobId)) {
      assertThat(response.getStatus()).isEqualTo(202);
      JsonNode job = ApiCalls.json(response);
      assertThat(job.get("jobId").asText()).isEqualTo(jobId);
      assertThat(job.get("cancelRequested").asBoolean()).isTrue();
    }
  }

  @Test
  void refusesToCancelAFinishedJobWith409() {
    String jobId = ACME.submit(Payloads.EMAIL);
    API.client().newUntypedWorkflowStub(workflowId(jobId)).terminate("operator stopped it");

    try (Response response = ACME.delete("/v1/jobs/" + jobId)) {
      assertThat(response.getStatus()).isEqualTo(409);
      assertThat(ApiCalls.json(response).get("detail").asText()).contains("CANCELLED");
    }
    var status = API.client().newUntypedWorkflowStub(workflowId(jobId)).describe().getStatus();
    assertThat(status).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED);
  }

  @Test
  void hasNoResultWhileTheJobHasNotSucceeded() {
    String jobId = ACME.submit(Payloads.PDF);

    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(409);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(ApiCalls.json(response).get("detail").asText()).contains("QUEUED");
    }
  }

  @Test
  void countsStartedJobsByTypeAndTenant() {
    double before = submitted("pdf", "globex");

    GLOBEX.submit(Payloads.PDF);
    GLOBEX.submitWithKey(Payloads.PDF, "counted-once");
    GLOBEX.submitWithKey(Payloads.PDF, "counted-once"); // a replay starts nothing

    assertThat(submitted("pdf", "globex")).isEqualTo(before + 2);
  }

  private static double submitted(String type, String tenant) {
    var counter =
        API.registry
            .find("jobqueue.jobs.submitted")
            .tag("job_type", type)
            .tag("tenant", tenant)
            .counter();
    return counter == null ? 0 : counter.count();
  }
}
