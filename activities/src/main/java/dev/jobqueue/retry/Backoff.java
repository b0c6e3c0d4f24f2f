package dev.jobqueue.retry;

import dev.jobqueue.ErrorType;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter. Temporal's own retry policy has no jitter, so a failing activity
 * computes the delay before its next attempt here and hands it to Temporal as the failure's next
 * retry delay; the {@link RetryOptions} it declares carry the same curve for failures that never
 * reach our code (a worker crash, a heartbeat timeout).
 *
 * @param initial the delay after the first failed attempt
 * @param coefficient how much each delay grows over the previous one
 * @param maximum no delay is longer than this
 * @param jitter each delay is spread by up to this fraction either side; below {@code (coefficient
 *     - 1) / (coefficient + 1)} the delays still grow strictly
 */
public record Backoff(Duration initial, double coefficient, Duration maximum, double jitter) {
  /** The spec's curve: 1 s, doubling, at most 10 min, ±20 %. */
  public static final Backoff DEFAULT =
      new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10), 0.2);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(maximum, "maximum");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial must be positive: " + initial);
    }
    if (coefficient < 1.0) {
      throw new IllegalArgumentException("coefficient must be at least 1: " + coefficient);
    }
    if (jitter < 0.0 || jitter >= 1.0) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
  }

  /** The exponential delay after {@code failedAttempt} (1-based), before jitter. */
  public Duration exponential(int failedAttempt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException("attempts count from 1: " + failedAttempt);
    }
    double millis = initial.toMillis() * Math.pow(coefficient, failedAttempt - 1);
    return Duration.ofMillis((long) Math.min(millis, maximum.toMillis()));
  }

  /**
   * The delay after {@code failedAttempt}, spread by {@code random} (uniform in [0, 1)) and never
   * below {@code atLeast} (a relay's "retry after"), nor above {@link #maximum()} unless the relay
   * asked for longer.
   */
  public Duration delayAfter(int failedAttempt, DoubleSupplier random, Duration atLeast) {
    double factor = 1.0 + jitter * (2.0 * random.getAsDouble() - 1.0);
    long millis =
        Math.min((long) (exponential(failedAttempt).toMillis() * factor), maximum.toMillis());
    return Duration.ofMillis(Math.max(millis, atLeast == null ? 0 : atLeast.toMillis()));
  }

  /** Temporal's retry policy for this curve, giving up after {@code maxAttempts} (0: never). */
  public RetryOptions retryOptions(int maxAttempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(coefficient)
        .setMaximumInterval(maximum)
        .setMaximumAttempts(maxAttempts)
        .setDoNotRetry(ErrorType.nonRetryable())
        .build();
  }
}
