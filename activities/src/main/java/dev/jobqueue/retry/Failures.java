package dev.jobqueue.retry;

import dev.jobqueue.ErrorType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The failures activities throw, as a rule both sides share: a retryable failure carries its own
 * jittered next-retry delay; a non-retryable one stops the retries at once, whatever the retry
 * policy says. Pure: the attempt number comes from the caller (the fleets' {@code ActivityFailures}
 * reads it from the running activity).
 */
public final class Failures {
  private Failures() {}

  /**
   * The failure of attempt {@code failedAttempt} (1-based): a retryable type waits its jittered
   * {@code backoff}, and at least {@code retryAfter} (a relay's "try again in N s").
   */
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
