package dev.jobqueue.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * HTTP for the client: the bearer key, the timeout, and the retries of 429 and 503 (every other
 * answer goes back as it came). An error answer becomes a {@link ProblemException}.
 */
final class Transport {
  /** Waits between attempts; the tests' records the waits instead of taking them. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  record Answer(int status, HttpHeaders headers, byte[] body) {}

  private final String base;
  private final String authorization;
  private final HttpClient http;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final RandomGenerator random;
  private final AtomicLong retries = new AtomicLong();

  Transport(
      String base,
      String apiKey,
      HttpClient http,
      Duration timeout,
      RetryPolicy retry,
      Sleeper sleeper,
      Clock clock,
      RandomGenerator random) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.authorization = "Bearer " + apiKey;
    this.http = http;
    this.timeout = timeout;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
    this.random = random;
  }

  long retries() {
    return retries.get();
  }

  /**
   * Sends the request until it is answered with anything but a 429 or 503, or the policy's attempts
   * are spent.
   *
   * @param body JSON, or null for none
   * @param headers more headers (an Idempotency-Key)
   * @throws ProblemException for an answer of 400 or more
   */
  Answer send(String method, String path, byte[] body, Map<String, String> headers) {
    String what = method + " " + path;
    for (int attempt = 1; ; attempt++) {
      Answer answer = once(method, path, body, headers, what);
      if (answer.status() < 400) {
        return answer;
      }
      var retryAfter =
          RetryAfter.parse(
              answer.headers().firstValue("Retry-After").orElse(null), clock.instant());
      if (!RetryPolicy.retryable(answer.status()) || attempt >= retry.maxAttempts()) {
        throw new ProblemException(what, problem(answer), retryAfter, attempt);
      }
      retries.incrementAndGet();
      try {
        sleeper.sleep(retry.delay(attempt, retryAfter, random));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobqueueException(what + ": interrupted while waiting to retry", e);
      }
    }
  }

  private Answer once(
      String method, String path, byte[] body, Map<String, String> headers, String what) {
    var request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json, application/problem+json, */*")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new JobqueueException(what + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobqueueException(what + ": interrupted", e);
    }
  }

  /** The answer's problem document; one made from its status when it has none (a proxy's page). */
  private static Problem problem(Answer answer) {
    String type = answer.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json") && answer.body().length > 0) {
      try {
        Problem p = Json.MAPPER.readValue(answer.body(), Problem.class);
        if (p.status() != 0) {
          return p;
        }
      } catch (IOException e) {
        // not a problem document after all: described below from what came
      }
    }
    String text = new String(answer.body(), StandardCharsets.UTF_8);
    return new Problem(
        "about:blank",
        "HTTP " + answer.status(),
        answer.status(),
        text.length() > 500 ? text.substring(0, 500) : text,
        null);
  }
}
