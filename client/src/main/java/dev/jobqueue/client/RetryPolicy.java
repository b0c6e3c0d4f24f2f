package dev.jobqueue.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the client waits out a 429 or 503 (the only answers it retries: any other 4xx is a verdict,
 * and sending it again would get the same). With a {@code Retry-After} it waits what the API asked,
 * up to {@code maxRetryAfter}; without one, an exponential backoff from {@code baseDelay} doubling
 * up to {@code maxDelay}, each wait drawn at random from its upper half so that many clients pushed
 * back at once do not come back at once. A Retry-After shorter than {@code baseDelay} (0) waits
 * {@code baseDelay}.
 *
 * @param maxAttempts how many times a request is sent at most, the first included; {@link
 *     Integer#MAX_VALUE} for no limit
 */
public record RetryPolicy(
    int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
    }
  }

  /** Up to 6 attempts, backoff from 200 ms to 10 s, a Retry-After honoured up to 60 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        6, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(1));
  }

  /** Every answer as it comes: a 429 or 503 is a {@link ProblemException} at once. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, baseDelay, maxDelay, maxRetryAfter);
  }

  static boolean retryable(int status) {
    return status == 429 || status == 503;
  }

  /**
   * The wait before attempt {@code attempt + 1}.
   *
   * @param retryAfter the answer's Retry-After, or null
   */
  Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
    if (retryAfter != null) {
      Duration wait = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
      return wait.compareTo(baseDelay) < 0 ? baseDelay : wait;
    }
    long base = Math.max(1, baseDelay.toMillis());
    long ceiling = base << Math.min(attempt - 1, 20);
    long capped = Math.min(ceiling, Math.max(1, maxDelay.toMillis()));
    long half = capped / 2;
    return Duration.ofMillis(half + random.nextLong(capped - half + 1));
  }
}
