package dev.jobqueue.runtime;

import dev.jobqueue.ErrorType;
import dev.jobqueue.retry.Backoff;
import dev.jobqueue.retry.Failures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The failure a running activity throws: {@link Failures#build} for the attempt the activity is on,
 * on the {@link Backoff#DEFAULT} curve. Call only from inside an activity.
 */
public final class ActivityFailures {
  private ActivityFailures() {}

  public static ApplicationFailure of(ErrorType type, String message, Throwable cause) {
    return of(type, message, cause, Duration.ZERO);
  }

  /** As {@link #of(ErrorType, String, Throwable)}, waiting at least {@code retryAfter}. */
  public static ApplicationFailure of(
      ErrorType type, String message, Throwable cause, Duration retryAfter) {
    return Failures.build(type, message, cause, Backoff.DEFAULT, attempt(), retryAfter);
  }

  /** The running attempt, from 1 (the SDK's TestActivityEnvironment reports 0). */
  private static int attempt() {
    return Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
  }
}
