package dev.jobqueue.retry;

import dev.jobqueue.ErrorType;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the failures activities throw. A retryable failure carries its own jittered next-retry
 * delay; a non-retryable one stops the retries at once, whatever the retry policy says.
 */
public final class Failures {
  private Failures() {}

  /** A failure of {@code type}, thrown from inside a running activity. */
  public static ApplicationFailure of(ErrorType type, String message, Throwable cause) {
    return of(type, message, cause, Duration.ZERO);
  }

  /** As {@link #of(ErrorType, String, Throwable)}, waiting at least {@code retryAfter}. */
  public static ApplicationFailure of(
      ErrorType type, String message, Throwable cause, Duration retryAfter) {
    // a worker numbers attempts from 1; the SDK's TestActivityEnvironment reports 0
    int attempt = Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
    return build(type, message, cause, Backoff.DEFAULT, attempt, retryAfter);
  }

  /** The failure for the given attempt; public so that the policy itself can be tested. */
  public static ApplicationFailure build(
      ErrorType type,
      String message,
      Throwable cause,
      Backoff backoff,
      int failedAttempt,
      Duration retryAfter) {
    var builder =
        ApplicationFailure.newBuilder()
            .setType(type.name())
            .setMessage(message)
            .setCause(cause)
            .setNonRetryable(!type.retryable());
    if (type.retryable()) {
      builder.setNextRetryDelay(
          backoff.delayAfter(failedAttempt, ThreadLocalRandom.current()::nextDouble, retryAfter));
    }
    return builder.build();
  }
}
