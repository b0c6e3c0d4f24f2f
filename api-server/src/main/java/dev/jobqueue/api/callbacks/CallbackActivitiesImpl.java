package dev.jobqueue.api.callbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.ErrorType;
import dev.jobqueue.callback.CallbackActivities;
import dev.jobqueue.callback.CallbackOptions;
import dev.jobqueue.callback.CallbackPolicy;
import dev.jobqueue.callback.CallbackRequest;
import dev.jobqueue.callback.CallbackSignature;
import dev.jobqueue.retry.Failures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Delivers a callback: one signed POST per attempt. The URL is checked again before each attempt
 * connects, its host resolved anew; redirects are not followed (a redirect could lead anywhere), so
 * a 3xx is not an acceptance. The secret comes from this process's configuration, by tenant.
 */
public final class CallbackActivitiesImpl implements CallbackActivities {
  /** How long a receiver has to connect and to answer. */
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final CallbackConfig config;
  private final CallbackPolicy.Resolver resolver;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final HttpClient http;
  private final IntSupplier attempt;

  CallbackActivitiesImpl(
      CallbackConfig config,
      CallbackPolicy.Resolver resolver,
      ObjectMapper mapper,
      Clock clock,
      IntSupplier attempt) {
    this.config = config;
    this.resolver = resolver;
    this.mapper = mapper;
    this.clock = clock;
    this.attempt = attempt;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public CallbackActivitiesImpl(CallbackConfig config, ObjectMapper mapper, Clock clock) {
    this(
        config,
        CallbackPolicy.Resolver.SYSTEM,
        mapper,
        clock,
        () -> Math.max(1, Activity.getExecutionContext().getInfo().getAttempt()));
  }

  @Override
  public void deliver(CallbackRequest request) {
    String secret = config.secretOf(request.job().tenant());
    if (secret == null) {
      throw failure(
          ErrorType.CallbackForbidden,
          "tenant " + request.job().tenant() + " has no callback secret configured",
          Duration.ZERO);
    }
    String problem = config.policy().problem(request.url(), resolver);
    if (problem != null) {
      throw failure(ErrorType.CallbackForbidden, "the callback URL " + problem, Duration.ZERO);
    }
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(request.document());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a callback document always serialises", e);
    }
    long now = clock.instant().getEpochSecond();
    var post =
        HttpRequest.newBuilder(URI.create(request.url()))
            .timeout(HTTP_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "jobqueue-callbacks")
            .header(CallbackSignature.DELIVERY_HEADER, request.deliveryId())
            .header(CallbackSignature.HEADER, CallbackSignature.header(secret, now, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw failure(
          ErrorType.CallbackRejected, "the receiver could not be reached: " + e, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(ErrorType.CallbackRejected, "interrupted while delivering", Duration.ZERO);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw failure(
          ErrorType.CallbackRejected,
          "the receiver answered " + status + " (only 2xx accepts a callback)",
          retryAfter(response));
    }
  }

  /** A receiver's {@code Retry-After} in seconds, at most the curve's longest delay. */
  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .map(
            d ->
                d.compareTo(CallbackOptions.BACKOFF.maximum()) > 0
                    ? CallbackOptions.BACKOFF.maximum()
                    : d)
        .orElse(Duration.ZERO);
  }

  private ApplicationFailure failure(ErrorType type, String message, Duration retryAfter) {
    return Failures.build(
        type, message, null, CallbackOptions.BACKOFF, attempt.getAsInt(), retryAfter);
  }
}
