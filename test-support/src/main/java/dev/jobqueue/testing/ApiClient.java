package dev.jobqueue.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.client.JobStatus;
import dev.jobqueue.client.JobqueueClient;
import dev.jobqueue.client.JobqueueException;
import dev.jobqueue.client.ProblemException;
import dev.jobqueue.client.RetryPolicy;
import dev.jobqueue.job.JobRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the REST API, as a user's program would be: HTTP, JSON, a bearer key. Answers come
 * back as they are, for tests to judge; {@link #submit} is the load generator's way, which waits
 * out pushbacks. Submissions go through the product's own client library ({@link JobqueueClient}),
 * so that the system tests and the bench drive the API as its users' programs do.
 */
public final class ApiClient {
  public static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * Only against a request that hangs; tests bound their own waits. Some requests are long by
   * design: a large batch is staged before its 202, and a bulk redrive answers once every signal is
   * sent (2,000 took 51 s on a busy two-core machine, past the 30 s the old clients allowed).
   */
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /**
   * The waits {@link #submit} has always made: what a pushback's {@code Retry-After} asks, at least
   * 50 ms and at most 5 s, for as long as the API pushes back. (Without a Retry-After, which the
   * API always sends, a backoff of up to 1 s.)
   */
  private static final RetryPolicy WAIT_OUT_PUSHBACKS =
      new RetryPolicy(
          Integer.MAX_VALUE, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5));

  private final String base;
  private final String key;
  private final String tenant;

  /** {@link #submit}'s: waits out 429s and 503s, and counts them. */
  private final JobqueueClient waiting;

  /** {@link #submitOnce}'s: every answer as it comes. */
  private final JobqueueClient once;

  /** A client with {@code key}, whose tenant it does not need to know. */
  public ApiClient(String base, String key) {
    this(base, key, null);
  }

  /**
   * @param tenant the key's tenant, which names the workflows of the jobs {@link #submit} starts
   */
  public ApiClient(String base, String key, String tenant) {
    this.base = base;
    this.key = key;
    this.tenant = tenant;
    this.waiting = library(base, key, WAIT_OUT_PUSHBACKS);
    this.once = library(base, key, RetryPolicy.none());
  }

  private static JobqueueClient library(String base, String key, RetryPolicy policy) {
    return JobqueueClient.builder(base, key)
        .httpClient(HTTP)
        .timeout(TIMEOUT)
        .retryPolicy(policy)
        .build();
  }

  /**
   * An answer as it came.
   *
   * @param json the body parsed, when it is JSON and not empty; null otherwise
   */
  public record Response(int status, JsonNode json, byte[] body, HttpHeaders headers) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * A job the API acknowledged, and when.
   *
   * @param workflowId the Temporal workflow that carries it: its own, or a coalesced email's group;
   *     null when the API did not say and the client does not know its tenant
   * @param acceptedNanos when the answer arrived, by {@link System#nanoTime}
   * @param acceptedEpochMillis the same moment by the wall clock, to compare with the API's times
   */
  public record Accepted(
      String jobId, String workflowId, long acceptedNanos, long acceptedEpochMillis) {}

  /**
   * The API did not take a job: for good, or (from {@link #submitOnce}) a pushback to try again
   * after.
   */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final long retryAfterSeconds;

    Refused(int status, String message, long retryAfterSeconds) {
      super(message);
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
      return status;
    }

    /** A 429 or 503: the API or Temporal pushing back, not a verdict on the job. */
    public boolean pushback() {
      return status == 429 || status == 503;
    }

    /** The answer's {@code Retry-After}, 1 when it had none. */
    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  public Response post(String path, String json) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** {@code POST} under an Idempotency-Key. */
  public Response post(String path, String json, String idempotencyKey)
      throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response patch(String path, String json) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  public Response delete(String path) throws IOException, InterruptedException {
    return send(request(path).DELETE());
  }

  /**
   * Every item of the paged listing at {@code path} (its query without a page token), page after
   * page. A 503 or 429 is the API pushing back (Temporal slow, its visibility rate limit), as it
   * should: waited out as its {@code Retry-After} asks (at most 5 s a time, 30 times a page) and
   * asked again. Any other answer than 200 fails.
   */
  public List<JsonNode> items(String path) throws IOException, InterruptedException {
    var all = new ArrayList<JsonNode>();
    String token = null;
    do {
      String page = path + (token == null ? "" : "&pageToken=" + token);
      var response = get(page);
      for (int tries = 0;
          (response.status() == 503 || response.status() == 429) && tries < 30;
          tries++) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.min(seconds, 5) * 1_000); // the wait the API asked for
        response = get(page);
      }
      if (response.status() != 200) {
        throw new IllegalStateException(
            "GET " + page + ": " + response.status() + " " + response.text());
      }
      response.json().path("items").forEach(all::add);
      token =
          response.json().path("nextPageToken").isTextual()
              ? response.json().path("nextPageToken").asText()
              : null;
    } while (token != null && !token.isEmpty());
    return all;
  }

  /** The job's status document; fails unless the API answers 200. */
  public JsonNode job(String jobId) throws IOException, InterruptedException {
    var response = get("/v1/jobs/" + jobId);
    if (response.status() != 200) {
      throw new IllegalStateException(
          "GET job " + jobId + ": " + response.status() + " " + response.text());
    }
    return response.json();
  }

  public String status(String jobId) throws IOException, InterruptedException {
    return job(jobId).path("status").asText();
  }

  /**
   * {@code POST /v1/jobs}; a 429 or 503 (the API or Temporal pushing back) is waited out as its
   * {@code Retry-After} says, counted, and tried again: the job counts as accepted only once the
   * API says so.
   *
   * @throws Refused for any other answer
   */
  public Accepted submit(String body) throws IOException, InterruptedException {
    return accept(waiting, body);
  }

  /**
   * {@code POST /v1/jobs} once, as a client that does not wait out a pushback would: a 429 or 503
   * is a {@link Refused} too (its {@link Refused#pushback()} true), and is not counted in {@link
   * #pushbacks}.
   */
  public Accepted submitOnce(String body) throws IOException, InterruptedException {
    return accept(once, body);
  }

  private Accepted accept(JobqueueClient library, String body)
      throws IOException, InterruptedException {
    JobStatus answer;
    try {
      answer = library.submitJson(body, null);
    } catch (ProblemException e) {
      throw new Refused(
          e.status(), e.getMessage(), e.retryAfter().map(Duration::toSeconds).orElse(1L));
    } catch (JobqueueException e) {
      // as before the library: the transport's own exceptions, checked
      switch (e.getCause()) {
        case IOException io -> throw io;
        case InterruptedException interrupted -> throw interrupted;
        case null, default -> throw e;
      }
    }
    long acceptedNanos = System.nanoTime();
    long acceptedMillis = System.currentTimeMillis();
    String jobId = answer.jobId();
    // a coalesced job names its group's workflow; a job of its own is named by its id
    String workflowId =
        answer.workflowId() != null
            ? answer.workflowId()
            : tenant == null ? null : new JobRef(jobId, tenant).workflowId();
    return new Accepted(jobId, workflowId, acceptedNanos, acceptedMillis);
  }

  /** 429s and 503s {@link #submit} has waited out so far. */
  public long pushbacks() {
    return waiting.retries();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + key);
  }

  private static Response send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = null;
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json") && response.body().length > 0) {
      json = JSON.readTree(response.body());
    }
    return new Response(response.statusCode(), json, response.body(), response.headers());
  }
}
