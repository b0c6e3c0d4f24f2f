package dev.jobqueue.retry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * How long a job's activity may keep failing before the job is given up: at most {@code
 * maxAttempts} attempts and {@code total} time across them. A property of the job, fixed when it is
 * submitted (the API's configuration) and carried in its workflow input, so that its status shows
 * the budget before a first attempt and a redrive's fresh budget is the same one.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param total from the first attempt's scheduling to giving up
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryBudget(int maxAttempts, Duration total) {
  /**
   * Twelve attempts on {@link Backoff#DEFAULT} span about 34 minutes; a day bounds a slow relay.
   */
  public static final RetryBudget DEFAULT = new RetryBudget(12, Duration.ofHours(24));

  public static final int MAX_ATTEMPTS = 1_000;

  public RetryBudget {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "maxAttempts must be 1 to " + MAX_ATTEMPTS + ", not " + maxAttempts);
    }
    if (total == null || total.isNegative() || total.isZero()) {
      throw new IllegalArgumentException("total must be a positive duration, not " + total);
    }
  }

  /** {@code budget}, or {@link #DEFAULT} for an input recorded before budgets travelled with it. */
  public static RetryBudget orDefault(RetryBudget budget) {
    return budget == null ? DEFAULT : budget;
  }
}
