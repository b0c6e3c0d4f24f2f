package dev.jobqueue.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.client.FakeApi.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobqueueClientTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String KEY = "test-key";

  private final FakeApi api;
  private final List<Duration> waits = new ArrayList<>();

  JobqueueClientTest() throws Exception {
    api = new FakeApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private JobqueueClient client(RetryPolicy policy) {
    return JobqueueClient.builder(api.base(), KEY)
        .retryPolicy(policy)
        .sleeper(waits::add)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .random(new Random(7))
        .build();
  }

  private JobqueueClient client() {
    return client(RetryPolicy.defaults());
  }

  private static Reply accepted(String jobId) {
    return Reply.json(
        202,
        """
        {"jobId": "%s", "type": "email", "status": "QUEUED", "attempt": 0, "maxAttempts": 12,
         "progress": null, "lastError": null, "createdAt": "2026-12-02T10:00:00Z",
         "updatedAt": "2026-12-02T10:00:00Z", "runAt": null, "nextAttemptAt": null,
         "cancelRequested": false, "result": null, "workflowId": "acme/%s", "someday": 1,
         "links": {"self": "/v1/jobs/%s"}}\
        """
            .formatted(jobId, jobId, jobId));
  }

  private static Reply pushback(int status, Map<String, String> headers) {
    return Reply.problem(
        status,
        headers,
        "{\"type\": \"about:blank\", \"title\": \"slow down\", \"status\": %d, \"detail\": \"d\"}"
            .formatted(status));
  }

  private static JobRequest email() {
    return JobRequest.email(EmailPayload.text(List.of("grace@example.com"), "Receipt", "Thanks"));
  }

  @Test
  void waitsOutA429ForItsRetryAfterAndCountsTheRetry() {
    api.then(pushback(429, Map.of("Retry-After", "3"))).then(accepted("j1"));
    var client = client();

    JobStatus job = client.submit(email());

    assertThat(job.jobId()).isEqualTo("j1");
    assertThat(job.status()).isEqualTo(Status.QUEUED);
    assertThat(job.workflowId()).isEqualTo("acme/j1");
    assertThat(api.seen).hasSize(2);
    assertThat(api.seen).allSatisfy(s -> assertThat(s.body()).isEqualTo(api.seen.get(0).body()));
    assertThat(client.retries()).isEqualTo(1);
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void readsARetryAfterGivenAsAnHttpDateAndCapsIt() {
    api.then(pushback(503, Map.of("Retry-After", "Wed, 02 Dec 2026 10:00:05 GMT")))
        .then(pushback(429, Map.of("Retry-After", "3600")))
        .then(accepted("j1"));

    client().submit(email());

    assertThat(waits).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(1));
  }

  @Test
  void backsOffWithJitterWhenA503SaysNotWhen() {
    api.then(pushback(503, Map.of()))
        .then(pushback(503, Map.of()))
        .then(pushback(503, Map.of()))
        .then(accepted("j1"));
    var client =
        client(
            new RetryPolicy(
                6, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMinutes(1)));

    client.submit(email());

    assertThat(client.retries()).isEqualTo(3);
    assertThat(waits).hasSize(3);
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(waits.get(2)).as("capped").isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
  }

  @Test
  void givesUpOnceItsAttemptsAreSpent() {
    api.then(pushback(503, Map.of("Retry-After", "1")))
        .then(pushback(503, Map.of("Retry-After", "1")));
    var client = client(RetryPolicy.defaults().withMaxAttempts(2));

    assertThatThrownBy(() -> client.submit(email()))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.attempts()).isEqualTo(2);
              assertThat(e.pushback()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
            });
    assertThat(api.seen).hasSize(2);
  }

  @Test
  void aValidationProblemIsATypedExceptionWithItsErrorsAndIsNotRetried() {
    api.then(
        Reply.problem(
            422,
            Map.of(),
            """
            {"type": "https://jobqueue.dev/problems/validation", "title": "Invalid request",
             "status": 422, "detail": "2 fields are invalid",
             "errors": [{"field": "payload.to[0]", "message": "not an address"},
                        {"field": "priority", "message": "must be 1 to 5"}]}\
            """));
    var client = client();

    assertThatThrownBy(() -> client.submit(email().withPriority(9)))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().type()).isEqualTo("https://jobqueue.dev/problems/validation");
              assertThat(e.problem().title()).isEqualTo("Invalid request");
              assertThat(e.problem().detail()).isEqualTo("2 fields are invalid");
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.problem().errors())
                  .containsExactly(
                      new Problem.FieldError("payload.to[0]", "not an address"),
                      new Problem.FieldError("priority", "must be 1 to 5"));
              assertThat(e.attempts()).isEqualTo(1);
            });
    assertThat(api.seen).hasSize(1);
    assertThat(client.retries()).isZero();
  }

  @Test
  void anErrorWithoutAProblemDocumentStillSaysItsStatus() {
    api.then(new Reply(404, Map.of("Content-Type", "text/html"), "<h1>nope</h1>"));

    assertThatThrownBy(() -> client().job("j1"))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problem().detail()).contains("nope");
            });
  }

  @Test
  void sendsTheRequestAsTheApiReadsIt() throws Exception {
    api.then(accepted("j1"));

    client()
        .submit(
            email()
                .withPriority(2)
                .withRunAt(Instant.parse("2026-12-03T09:00:00Z"))
                .withDeadline(Duration.ofHours(24))
                .withCallback(java.net.URI.create("https://example.com/hooks")));

    var seen = api.seen.getFirst();
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.pathAndQuery()).isEqualTo("/v1/jobs");
    assertThat(seen.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(seen.header("Content-Type")).isEqualTo("application/json");
    assertThat(seen.header("Idempotency-Key")).isNull();
    JsonNode body = Json.MAPPER.readTree(seen.body());
    assertThat(body)
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"type": "email", "priority": 2, "runAt": "2026-12-03T09:00:00Z",
                 "deadline": "PT24H", "callback": "https://example.com/hooks",
                 "payload": {"to": ["grace@example.com"], "subject": "Receipt", "text": "Thanks"}}\
                """));
  }

  @Test
  void sendsTheIdempotencyKeyItIsGiven() {
    api.then(accepted("j1"));

    client().submit(email(), "order-1234");

    assertThat(api.seen.getFirst().header("Idempotency-Key")).isEqualTo("order-1234");
  }

  @Test
  void aGeneratedKeyIsTheSameForEveryRetryOfOneSubmission() {
    api.then(pushback(503, Map.of("Retry-After", "1"))).then(accepted("j1")).then(accepted("j2"));
    var client =
        JobqueueClient.builder(api.base(), KEY)
            .alwaysGenerateIdempotencyKeys()
            .sleeper(waits::add)
            .build();

    client.submit(email());
    client.submit(email());

    var keys = api.seen.stream().map(s -> s.header("Idempotency-Key")).toList();
    assertThat(keys).doesNotContainNull();
    assertThat(keys.get(0)).as("the retry").isEqualTo(keys.get(1));
    assertThat(keys.get(2)).as("the next submission").isNotEqualTo(keys.get(0));
  }

  @Test
  void anEmailBatchIsLeftToTheServerWhichKeysItByItsRequest() {
    api.then(accepted("b1"));
    var client = JobqueueClient.builder(api.base(), KEY).alwaysGenerateIdempotencyKeys().build();
    var batch =
        EmailBatchPayload.templated(
            EmailBatchPayload.Template.text("Hi {{name}}", "Hello {{name}}"),
            List.of(EmailBatchPayload.Recipient.of("a@example.com", Map.of("name", "A"))));

    client.submit(JobRequest.emailBatch(batch));

    assertThat(api.seen.getFirst().header("Idempotency-Key")).isNull();
  }

  private static Reply page(String token, String... ids) {
    String items =
        java.util.Arrays.stream(ids)
            .map(
                id ->
                    "{\"jobId\": \"%s\", \"type\": \"email\", \"status\": \"SUCCEEDED\", \"links\": {}}"
                        .formatted(id))
            .collect(Collectors.joining(","));
    return Reply.json(
        200,
        "{\"items\": [%s], \"nextPageToken\": %s}"
            .formatted(items, token == null ? "null" : "\"" + token + "\""));
  }

  @Test
  void iteratesEveryPageFollowingItsToken() {
    api.then(page("p2", "a", "b")).then(page("p/3", "c")).then(page(null, "d", "e"));

    var ids =
        client()
            .jobs(JobFilter.all().withType("email").withStatus(Status.SUCCEEDED).withPageSize(2))
            .stream()
            .map(JobSummary::jobId)
            .toList();

    assertThat(ids).containsExactly("a", "b", "c", "d", "e");
    assertThat(api.seen)
        .extracting(FakeApi.Seen::pathAndQuery)
        .containsExactly(
            "/v1/jobs?type=email&status=SUCCEEDED&pageSize=2",
            "/v1/jobs?type=email&status=SUCCEEDED&pageSize=2&pageToken=p2",
            "/v1/jobs?type=email&status=SUCCEEDED&pageSize=2&pageToken=p%2F3");
  }

  @Test
  void aStatusThisClientDoesNotKnowIsUnknown() {
    api.then(
        Reply.json(
            200,
            "{\"items\": [{\"jobId\": \"a\", \"status\": \"PONDERING\"}], \"nextPageToken\":"
                + " null}"));

    var page = client().jobsPage(JobFilter.all(), null);

    assertThat(page.items().getFirst().status()).isEqualTo(Status.UNKNOWN);
    assertThat(page.last()).isTrue();
  }

  @Test
  void redrivesWithACorrectedPayload() throws Exception {
    api.then(accepted("j1"));

    client().redrive("j1", EmailPayload.text(List.of("grace@example.com"), "Receipt", "Thanks"));

    var seen = api.seen.getFirst();
    assertThat(seen.method() + " " + seen.pathAndQuery())
        .isEqualTo("POST /v1/dead-letters/j1/redrive");
    assertThat(Json.MAPPER.readTree(seen.body()).path("payload").path("to").get(0).asText())
        .isEqualTo("grace@example.com");
  }

  @Test
  void asksForDeadLetterOperationsAsTheApiNamesThem() throws Exception {
    api.then(
            Reply.json(
                202,
                "{\"id\": \"op1\", \"status\": \"RUNNING\", \"selected\": 3, \"redriven\": 0,"
                    + " \"skipped\": 0, \"failed\": 0}"))
        .then(new Reply(204, Map.of(), null))
        .then(accepted("j2"));
    var client = client();

    BulkRedriveStatus started =
        client.bulkRedrive(
            DeadLetterFilter.all()
                .withType("email")
                .withErrorType("SmtpRejected")
                .between(Instant.parse("2026-12-01T00:00:00Z"), null),
            "redrive-1");
    client.discard("j1", "customer left");
    client.cancel("j2");

    assertThat(started.running()).isTrue();
    assertThat(started.selected()).isEqualTo(3);
    var bulk = api.seen.get(0);
    assertThat(bulk.method() + " " + bulk.pathAndQuery())
        .isEqualTo("POST /v1/dead-letters/redrive");
    assertThat(bulk.header("Idempotency-Key")).isEqualTo("redrive-1");
    assertThat(Json.MAPPER.readTree(bulk.body()))
        .isEqualTo(
            Json.MAPPER.readTree(
                "{\"type\": \"email\", \"errorType\": \"SmtpRejected\","
                    + " \"deadLetteredAfter\": \"2026-12-01T00:00:00Z\"}"));
    assertThat(api.seen.get(1).method() + " " + api.seen.get(1).pathAndQuery())
        .isEqualTo("DELETE /v1/dead-letters/j1?reason=customer+left");
    assertThat(api.seen.get(2).method() + " " + api.seen.get(2).pathAndQuery())
        .isEqualTo("DELETE /v1/jobs/j2");
  }
}
