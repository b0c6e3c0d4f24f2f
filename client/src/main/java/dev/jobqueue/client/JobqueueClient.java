package dev.jobqueue.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * A client of the jobqueue REST API (v1). Thread-safe; build one per API and key and share it.
 *
 * <pre>{@code
 * var client = JobqueueClient.builder("http://localhost:8080", apiKey).build();
 * JobStatus job = client.submit(JobRequest.email(
 *     EmailPayload.text(List.of("grace@example.com"), "Receipt", "Thanks")));
 * JobStatus done = client.await(job.jobId(), Duration.ofMinutes(1));
 * }</pre>
 *
 * <p>A 429 or 503 is retried as the {@link RetryPolicy} says; any other error answer is a {@link
 * ProblemException} at once, and a failure to get an answer a {@link JobqueueException}.
 *
 * <p>Retrying a submission is safe only under an Idempotency-Key: a 503 may come after the job was
 * started. An {@code email-batch} sent without a key is keyed by the server by its request (the
 * same batch sent again is the same job), so retries of it are always safe. For the other types
 * pass a key, or build the client with {@link Builder#alwaysGenerateIdempotencyKeys}.
 */
public final class JobqueueClient {
  private static final TypeReference<Page<JobSummary>> JOB_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<DeadLetter>> DEAD_LETTER_PAGE = new TypeReference<>() {};
  private static final TypeReference<Page<Schedule>> SCHEDULE_PAGE = new TypeReference<>() {};
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final Transport transport;
  private final boolean generateKeys;
  private final Duration pollInterval;

  private JobqueueClient(Transport transport, boolean generateKeys, Duration pollInterval) {
    this.transport = transport;
    this.generateKeys = generateKeys;
    this.pollInterval = pollInterval;
  }

  /**
   * @param baseUrl the API's root, {@code http://localhost:8080}
   * @param apiKey the tenant's key, sent as {@code Authorization: Bearer}
   */
  public static Builder builder(String baseUrl, String apiKey) {
    return new Builder(baseUrl, apiKey);
  }

  /** 429s and 503s this client has waited out and sent again, since it was built. */
  public long retries() {
    return transport.retries();
  }

  // --- jobs

  /** {@code POST /v1/jobs}: the new job (or, under a key already used, the job it named). */
  public JobStatus submit(JobRequest request) {
    boolean batch = JobRequest.EMAIL_BATCH.equals(request.type());
    return submit(request, generateKeys && !batch ? UUID.randomUUID().toString() : null);
  }

  /**
   * {@code POST /v1/jobs} under {@code idempotencyKey} (null for none): the same key with the same
   * request is the same job, with a different request a 422.
   */
  public JobStatus submit(JobRequest request, String idempotencyKey) {
    return submitJson(write(request), idempotencyKey);
  }

  /** {@code POST /v1/jobs} of a body already written as the API's JSON, sent as it is. */
  public JobStatus submitJson(String body, String idempotencyKey) {
    return read(
        transport.send(
            "POST", "/v1/jobs", body.getBytes(StandardCharsets.UTF_8), keyed(idempotencyKey)),
        JobStatus.class);
  }

  public JobStatus job(String jobId) {
    return get("/v1/jobs/" + segment(jobId), JobStatus.class);
  }

  /**
   * Polls the job until its status is {@linkplain Status#terminal() terminal}.
   *
   * @throws JobqueueException when it is not by {@code timeout}
   */
  public JobStatus await(String jobId, Duration timeout) {
    Instant until = Instant.now().plus(timeout);
    Duration wait = pollInterval;
    while (true) {
      JobStatus job = job(jobId);
      if (job.status().terminal()) {
        return job;
      }
      if (Instant.now().isAfter(until)) {
        throw new JobqueueException(
            "job " + jobId + " is still " + job.status() + " after " + timeout);
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobqueueException("interrupted while awaiting job " + jobId, e);
      }
      Duration doubled = wait.multipliedBy(2);
      wait = doubled.compareTo(MAX_POLL) > 0 ? MAX_POLL : doubled;
    }
  }

  /** Every job the filter selects, newest first, a page at a time. */
  public Paging<JobSummary> jobs(JobFilter filter) {
    return new Paging<>(token -> jobsPage(filter, token));
  }

  /** One page of {@code GET /v1/jobs}; {@code pageToken} null for the first. */
  public Page<JobSummary> jobsPage(JobFilter filter, String pageToken) {
    return get("/v1/jobs" + filter.query().add("pageToken", pageToken), JOB_PAGE);
  }

  /** {@code DELETE /v1/jobs/{jobId}}: cancellation requested; the job as of the request. */
  public JobStatus cancel(String jobId) {
    return read(
        transport.send("DELETE", "/v1/jobs/" + segment(jobId), null, Map.of()), JobStatus.class);
  }

  /** The job's artifact: a report's PDF, another job's JSON result. A 409 until it succeeded. */
  public byte[] result(String jobId) {
    return transport.send("GET", "/v1/jobs/" + segment(jobId) + "/result", null, Map.of()).body();
  }

  // --- dead letters

  public Paging<DeadLetter> deadLetters(DeadLetterFilter filter) {
    return new Paging<>(token -> deadLettersPage(filter, token));
  }

  public Page<DeadLetter> deadLettersPage(DeadLetterFilter filter, String pageToken) {
    return get("/v1/dead-letters" + filter.query().add("pageToken", pageToken), DEAD_LETTER_PAGE);
  }

  /** Runs the dead letter again as it was, with a fresh retry budget. */
  public JobStatus redrive(String jobId) {
    return redrive(jobId, (JsonNode) null);
  }

  /** Runs the dead letter again with a corrected payload of its own type (null: as it was). */
  public JobStatus redrive(String jobId, JsonNode correctedPayload) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    if (correctedPayload != null) {
      body.set("payload", correctedPayload);
    }
    return read(
        transport.send(
            "POST", "/v1/dead-letters/" + segment(jobId) + "/redrive", bytes(body), Map.of()),
        JobStatus.class);
  }

  public JobStatus redrive(String jobId, EmailPayload correctedPayload) {
    return redrive(jobId, Json.MAPPER.<JsonNode>valueToTree(correctedPayload));
  }

  public JobStatus redrive(String jobId, ReportPayload correctedPayload) {
    return redrive(jobId, Json.MAPPER.<JsonNode>valueToTree(correctedPayload));
  }

  /** Ends the dead letter: it becomes DISCARDED. {@code reason} (null for none) is kept. */
  public void discard(String jobId, String reason) {
    transport.send(
        "DELETE",
        "/v1/dead-letters/" + segment(jobId) + new Query().add("reason", reason),
        null,
        Map.of());
  }

  /**
   * Redrives every dead letter the filter selects; the operation runs on, see {@link
   * #bulkRedriveStatus}. Under {@code idempotencyKey} (null for none) a retry joins the operation.
   */
  public BulkRedriveStatus bulkRedrive(DeadLetterFilter filter, String idempotencyKey) {
    return read(
        transport.send("POST", "/v1/dead-letters/redrive", bytes(filter), keyed(idempotencyKey)),
        BulkRedriveStatus.class);
  }

  public BulkRedriveStatus bulkRedriveStatus(String id) {
    return get("/v1/dead-letters/redrives/" + segment(id), BulkRedriveStatus.class);
  }

  // --- schedules

  public Schedule createSchedule(ScheduleRequest request) {
    return createSchedule(request, null);
  }

  /** Under {@code idempotencyKey} the same request is the same schedule (200). */
  public Schedule createSchedule(ScheduleRequest request, String idempotencyKey) {
    return read(
        transport.send("POST", "/v1/schedules", bytes(request), keyed(idempotencyKey)),
        Schedule.class);
  }

  public Paging<Schedule> schedules() {
    return new Paging<>(token -> schedulesPage(null, token));
  }

  public Page<Schedule> schedulesPage(Integer pageSize, String pageToken) {
    return get(
        "/v1/schedules" + new Query().add("pageSize", pageSize).add("pageToken", pageToken),
        SCHEDULE_PAGE);
  }

  public Schedule schedule(String id) {
    return get("/v1/schedules/" + segment(id), Schedule.class);
  }

  /** It fires only when triggered until resumed; {@code note} (null for none) says why. */
  public Schedule pause(String id, String note) {
    return change(id, true, note);
  }

  public Schedule resume(String id, String note) {
    return change(id, false, note);
  }

  /** Fires it now, paused or not. */
  public void trigger(String id) {
    transport.send("POST", "/v1/schedules/" + segment(id) + "/trigger", null, Map.of());
  }

  public void deleteSchedule(String id) {
    transport.send("DELETE", "/v1/schedules/" + segment(id), null, Map.of());
  }

  private Schedule change(String id, boolean paused, String note) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("paused", paused);
    if (note != null) {
      body.put("note", note);
    }
    return read(
        transport.send("PATCH", "/v1/schedules/" + segment(id), bytes(body), Map.of()),
        Schedule.class);
  }

  // --- JSON

  private <T> T get(String path, Class<T> type) {
    return read(transport.send("GET", path, null, Map.of()), type);
  }

  private <T> T get(String path, TypeReference<T> type) {
    var answer = transport.send("GET", path, null, Map.of());
    try {
      return Json.MAPPER.readValue(answer.body(), type);
    } catch (IOException e) {
      throw new JobqueueException("GET " + path + ": unreadable answer", e);
    }
  }

  private static <T> T read(Transport.Answer answer, Class<T> type) {
    try {
      return Json.MAPPER.readValue(answer.body(), type);
    } catch (IOException e) {
      throw new JobqueueException("unreadable answer (" + answer.status() + ")", e);
    }
  }

  private static String write(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value, e);
    }
  }

  private static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> keyed(String idempotencyKey) {
    return idempotencyKey == null ? Map.of() : Map.of(IDEMPOTENCY_KEY, idempotencyKey);
  }

  private static String segment(String id) {
    return URLEncoder.encode(Objects.requireNonNull(id, "id"), StandardCharsets.UTF_8);
  }

  /** How the client connects, waits and retries. */
  public static final class Builder {
    private final String baseUrl;
    private final String apiKey;
    private HttpClient http;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration timeout = Duration.ofSeconds(60);
    private RetryPolicy retry = RetryPolicy.defaults();
    private boolean generateKeys;
    private Duration pollInterval = Duration.ofMillis(200);
    private Transport.Sleeper sleeper = Thread::sleep;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = RandomGenerator.getDefault();

    private Builder(String baseUrl, String apiKey) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    /** Your own HttpClient (proxy, TLS, executor); {@link #connectTimeout} is then yours too. */
    public Builder httpClient(HttpClient http) {
      this.http = http;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** How long one attempt may take, answer included. Default 60 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Sends every submission made without a key under a fresh Idempotency-Key, the same for each of
     * its retries, so that a retried 503 never starts a job twice. An email-batch is left to the
     * server, which keys it by its request.
     */
    public Builder alwaysGenerateIdempotencyKeys() {
      this.generateKeys = true;
      return this;
    }

    /** The first wait of {@link #await}, doubled up to 2 s. Default 200 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    Builder sleeper(Transport.Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    public JobqueueClient build() {
      HttpClient client =
          http != null
              ? http
              : HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(connectTimeout)
                  .build();
      return new JobqueueClient(
          new Transport(baseUrl, apiKey, client, timeout, retry, sleeper, clock, random),
          generateKeys,
          pollInterval);
    }
  }
}
