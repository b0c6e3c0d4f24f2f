package dev.jobqueue.callback;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.retry.Backoff;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** How a callback is delivered: which queue, how long an attempt and all of them may take. */
public final class CallbackOptions {
  /**
   * The curve between attempts: 1 s, doubling, at most an hour, ±20 % (the activity jitters each
   * delay itself, as every job activity does). A receiver down for a day sees about 35 attempts.
   */
  public static final Backoff BACKOFF =
      new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofHours(1), 0.2);

  /** How long the receiver has to accept before the callback is parked as a dead letter. */
  public static final Duration BUDGET = Duration.ofHours(24);

  /**
   * One POST: a receiver has 10 s to answer (the activity's own HTTP timeout), the attempt 30 s;
   * attempts without limit until {@link #BUDGET} is spent.
   */
  public static final ActivityOptions DELIVER_CALLBACK =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CALLBACKS)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(BUDGET)
          .setRetryOptions(BACKOFF.retryOptions(0))
          .build();

  private CallbackOptions() {}
}
