package dev.jobqueue.job;

import dev.jobqueue.ErrorType;
import dev.jobqueue.retry.Backoff;
import dev.jobqueue.retry.Failures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** The failures the fleets throw, for fake activities: typed and jittered like the real ones. */
public final class TestFailures {
  private TestFailures() {}

  /** Call from inside an activity: the attempt is the running one's. */
  public static ApplicationFailure of(ErrorType type, String message) {
    int attempt = Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
    return Failures.build(type, message, null, Backoff.DEFAULT, attempt, Duration.ZERO);
  }
}
