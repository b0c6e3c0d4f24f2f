package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /v1/jobs:batch} through the real API components over Temporal's test server, with no
 * workers (every job stays QUEUED) and no coalescing: each job is answered as {@code POST /v1/jobs}
 * would answer it alone. Globex sends only requests that are refused as a whole, so that none of
 * its jobs may ever start.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobsBatchResourceTest {
  private static final long BODY_LIMIT = 2L * 1024 * 1024;
  private static final TestApi API = new TestApi();

  static {
    // a smaller limit than the default 16 MiB, so that a body over it is quick to send
    API.config.setMaxJobsBatchBodyBytes(BODY_LIMIT);
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static String batch(List<String> jobs) {
    return "{\"jobs\": [" + String.join(", ", jobs) + "]}";
  }

  private static String keyed(String job, String key) {
    return job.replaceFirst("\\{", "{\"idempotencyKey\": \"" + key + "\", ");
  }

  private static String email(String to) {
    return Payloads.EMAIL.replace("ada@example.com", to);
  }

  /** The results of a batch that was answered 200. */
  private static List<JsonNode> results(ApiCalls calls, List<String> jobs) {
    try (Response response = calls.postBatch(batch(jobs))) {
      JsonNode body = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s", body).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("application/json");
      var out = new ArrayList<JsonNode>();
      body.get("results").forEach(out::add);
      assertThat(out).hasSameSizeAs(jobs);
      return out;
    }
  }

  private static List<String> fields(JsonNode result) {
    var fields = new ArrayList<String>();
    result.path("problem").path("errors").forEach(e -> fields.add(e.path("field").asText()));
    return fields;
  }

  private static WorkflowExecutionStatus workflowStatus(String workflowId) {
    return API.client().newUntypedWorkflowStub(workflowId).describe().getStatus();
  }

  @Test
  void answersEachJobInRequestOrderAndRefusesOnlyTheInvalidOnesNamingTheirFields() {
    String tooLate =
        API.clock.instant().plus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    List<String> jobs =
        List.of(
            email("first@example.com"),
            email("not an address"),
            Payloads.PDF,
            "5",
            "{\"type\": \"sms\", \"payload\": {}}",
            Payloads.EMAIL.replace("\"type\"", "\"runAt\": \"" + tooLate + "\", \"type\""),
            Payloads.EMAIL.replace("\"type\"", "\"colour\": \"red\", \"type\""),
            email("last@example.com"));

    List<JsonNode> results = results(ACME, jobs);

    assertThat(results.stream().map(r -> r.get("status").asInt()))
        .containsExactly(202, 400, 202, 400, 400, 400, 400, 202);
    assertThat(fields(results.get(1))).containsExactly("jobs[1].payload.to[0]");
    assertThat(fields(results.get(3))).containsExactly("jobs[3]");
    assertThat(fields(results.get(4))).containsExactly("jobs[4].type");
    assertThat(fields(results.get(5))).containsExactly("jobs[5].runAt");
    assertThat(fields(results.get(6))).containsExactly("jobs[6].colour");
    JsonNode refused = results.get(1);
    assertThat(refused.has("job")).isFalse();
    assertThat(refused.get("problem").get("status").asInt()).isEqualTo(400);
    assertThat(refused.get("problem").get("type").asText()).endsWith(":invalid-request");
    assertThat(refused.get("problem").get("detail").asText()).startsWith("jobs[1].payload.to[0]:");
    for (int i : new int[] {0, 2, 7}) {
      JsonNode job = results.get(i).get("job");
      assertThat(results.get(i).has("problem")).isFalse();
      assertThat(job.get("jobId").asText()).matches("[A-Za-z0-9_-]{22}");
      assertThat(job.get("workflowId").asText()).isEqualTo("acme/" + job.get("jobId").asText());
      assertThat(job.get("links").get("self").asText())
          .isEqualTo("/v1/jobs/" + job.get("jobId").asText());
      // the status document as POST /v1/jobs answers it: its empty fields are there, as null
      assertThat(job.has("progress")).isTrue();
      assertThat(job.get("progress").isNull()).isTrue();
      assertThat(workflowStatus(job.get("workflowId").asText()))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
    assertThat(results.get(0).get("job").get("type").asText()).isEqualTo("email");
    assertThat(results.get(2).get("job").get("type").asText()).isEqualTo("pdf");
  }

  @Test
  void answersItsJobsQueuedWhileNoWorkerRuns() {
    List<JsonNode> results =
        results(ACME, List.of(email("q1@example.com"), email("q2@example.com"), Payloads.PDF));

    for (JsonNode result : results) {
      assertThat(result.get("status").asInt()).isEqualTo(202);
      assertThat(result.get("job").get("status").asText()).isEqualTo("QUEUED");
      assertThat(result.get("job").get("attempt").asInt()).isZero();
      String id = result.get("job").get("jobId").asText();
      try (Response status = ACME.get("/v1/jobs/" + id)) {
        assertThat(status.getStatus()).isEqualTo(200);
        assertThat(ApiCalls.json(status).get("status").asText()).isEqualTo("QUEUED");
      }
    }
    assertThat(results.stream().map(r -> r.get("job").get("jobId").asText()))
        .doesNotHaveDuplicates();
  }

  @Test
  void replaysAJobUnderItsIdempotencyKeyAs200AndRefusesTheKeyForAnotherRequestWith422() {
    String a = email("keyed-a@example.com");
    String b = email("keyed-b@example.com");
    List<JsonNode> first = results(ACME, List.of(keyed(a, "batch-a"), keyed(b, "batch-b")));
    assertThat(first.stream().map(r -> r.get("status").asInt())).containsExactly(202, 202);
    String jobA = first.get(0).get("job").get("jobId").asText();

    List<JsonNode> again =
        results(
            ACME, List.of(keyed(a, "batch-a"), keyed(email("other@example.com"), "batch-b"), a));

    assertThat(again.get(0).get("status").asInt()).isEqualTo(200);
    assertThat(again.get(0).get("job").get("jobId").asText()).isEqualTo(jobA);
    assertThat(again.get(1).get("status").asInt()).isEqualTo(422);
    assertThat(again.get(1).get("problem").get("type").asText())
        .endsWith(":idempotency-key-reused");
    assertThat(again.get(2).get("status").asInt()).as("no key: a new job").isEqualTo(202);
    assertThat(again.get(2).get("job").get("jobId").asText()).isNotEqualTo(jobA);
    // the key names the job as the Idempotency-Key header does
    try (Response alone = ACME.post(a, "batch-a")) {
      assertThat(alone.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(alone).get("jobId").asText()).isEqualTo(jobA);
    }
  }

  @Test
  void answersTheSameKeyTwiceInOneBatchWithOneJob() {
    String job = keyed(email("twice@example.com"), "batch-twice");

    List<JsonNode> results = results(ACME, List.of(job, job));

    assertThat(results.stream().map(r -> r.get("status").asInt()))
        .containsExactlyInAnyOrder(202, 200);
    assertThat(results.stream().map(r -> r.get("job").get("jobId").asText()).distinct()).hasSize(1);
  }

  @Test
  void refusesAnIdempotencyKeyTheHeaderWouldRefuseForThatJobAlone() {
    List<String> jobs =
        List.of(
            keyed(Payloads.EMAIL, ""),
            keyed(Payloads.EMAIL, "k".repeat(256)),
            keyed(Payloads.EMAIL, "cl\u00e9"),
            Payloads.EMAIL.replaceFirst("\\{", "{\"idempotencyKey\": 42, "),
            Payloads.EMAIL.replaceFirst("\\{", "{\"idempotencyKey\": null, "),
            keyed(Payloads.EMAIL, "k".repeat(255)));

    List<JsonNode> results = results(ACME, jobs);

    for (int i = 0; i < 5; i++) {
      assertThat(results.get(i).get("status").asInt()).as("job %d", i).isEqualTo(400);
      assertThat(fields(results.get(i))).containsExactly("jobs[" + i + "].idempotencyKey");
    }
    assertThat(results.get(5).get("status").asInt()).isEqualTo(202);
  }

  @Test
  void answersAJobOverOneMebibyte413AndStartsTheOthers() {
    String huge = email("big@example.com").replace("Attached.", "x".repeat(1024 * 1024));

    List<JsonNode> results = results(ACME, List.of(Payloads.EMAIL, huge, Payloads.EMAIL));

    assertThat(results.stream().map(r -> r.get("status").asInt())).containsExactly(202, 413, 202);
    assertThat(results.get(1).get("problem").get("type").asText()).endsWith(":body-too-large");
  }

  static Stream<Arguments> requestsRefusedAsAWhole() {
    String job = Payloads.EMAIL;
    return Stream.of(
        refused("malformed JSON", "{\"jobs\": [" + job, "body"),
        refused("not an object", "[" + job + "]", "body"),
        refused("empty body", "", "body"),
        refused("trailing garbage", batch(List.of(job)) + " {}", "body"),
        refused("no jobs", "{}", "jobs"),
        refused("jobs null", "{\"jobs\": null}", "jobs"),
        refused("jobs not an array", "{\"jobs\": " + job + "}", "jobs"),
        refused("no job in jobs", "{\"jobs\": []}", "jobs"),
        refused("1,001 jobs", batch(Collections.nCopies(1_001, job)), "jobs"),
        refused(
            "unknown field before the jobs",
            "{\"colour\": \"red\", \"jobs\": [" + job + "]}",
            "colour"),
        refused(
            "unknown field after the jobs", "{\"jobs\": [" + job + "], \"colour\": 1}", "colour"),
        refused("jobs twice", "{\"jobs\": [" + job + "], \"jobs\": [" + job + "]}", "jobs"));
  }

  private static Arguments refused(String name, String body, String field) {
    return Arguments.of(name, body, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requestsRefusedAsAWhole")
  void refusesARequestThatIsNotOneToStartJobsAndStartsNone(String name, String body, String field) {
    try (Response response = GLOBEX.postBatch(body)) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s: %s", name, problem).isEqualTo(400);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
    }
    assertThat(API.registry.find("jobqueue.jobs.submitted").tag("tenant", "globex").counters())
        .isEmpty();
  }

  @Test
  void refusesABodyOverItsLimit413AndStartsNone() {
    var jobs = new ArrayList<String>();
    String big = email("big@example.com").replace("Attached.", "x".repeat(500 * 1024));
    while (jobs.size() * big.length() <= BODY_LIMIT) {
      jobs.add(big);
    }

    try (Response response = GLOBEX.postBatch(batch(jobs))) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s", problem).isEqualTo(413);
      assertThat(problem.get("type").asText()).endsWith(":body-too-large");
      assertThat(problem.get("detail").asText()).contains(Long.toString(BODY_LIMIT));
    }
    assertThat(API.registry.find("jobqueue.jobs.submitted").tag("tenant", "globex").counters())
        .isEmpty();
  }

  @Test
  void refusesABatchWithoutAValidKey() {
    try (Response response = new ApiCalls(RESOURCES, "not-a-key").postBatch(batch(List.of()))) {
      assertThat(response.getStatus()).isEqualTo(401);
    }
  }
}
