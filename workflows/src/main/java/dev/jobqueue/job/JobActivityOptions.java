package dev.jobqueue.job;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.retry.Backoff;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/**
 * How each job activity runs: which fleet, how long an attempt may take, how often it must show a
 * sign of life. The retry budget (attempts, total time) is the job's own, from its input ({@link
 * #withBudget}); the constants carry the default one. The curve is {@link Backoff#DEFAULT},
 * jittered per failure by the activity.
 */
public final class JobActivityOptions {
  /**
   * One SMTP transaction: seconds, not minutes, per attempt (a slow relay counts as a transient
   * failure); a day of retries in all.
   */
  public static final ActivityOptions SEND_EMAIL =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.EMAIL)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(RetryBudget.DEFAULT.total())
          .setRetryOptions(Backoff.DEFAULT.retryOptions(RetryBudget.DEFAULT.maxAttempts()))
          .build();

  /**
   * One report render: up to two hours per attempt, but a crashed worker is noticed within 30 s
   * (the heartbeat timeout) and the retry resumes from the last checkpoint. Cancellation waits for
   * the render to stop so nothing writes to the store after the job ended.
   */
  public static final ActivityOptions RENDER_REPORT =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.PDF)
          .setStartToCloseTimeout(Duration.ofHours(2))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(RetryBudget.DEFAULT.total())
          .setRetryOptions(Backoff.DEFAULT.retryOptions(RetryBudget.DEFAULT.maxAttempts()))
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .build();

  /**
   * Compensation of a report given up on, on the report fleet (it undoes that fleet's effects).
   * Retried without limit, because a dead letter is parked only once its compensation is done; each
   * attempt is short and idempotent.
   */
  public static final ActivityOptions COMPENSATE_REPORT =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.PDF)
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(Backoff.DEFAULT.retryOptions(0))
          .build();

  /**
   * One chunk: up to ten minutes per attempt (a thousand messages through a slow relay), but a
   * crashed worker is noticed within 30 s and the retry sends only what is still unsent. A retry
   * comes when the attempt itself failed: the worker crashed, the batch store failed, the relay
   * could take no message. Messages the relay defers one by one do not fail it; the batch workflow
   * runs the chunk again for them, as a new activity. The same budget as a single email.
   * Cancellation waits for the chunk to stop, so that no attempt is still sending when the job is
   * parked or redriven.
   *
   * <p>On the bulk lane ({@link TaskQueues#EMAIL_BULK}), while the batch workflow itself stays on
   * {@code email}. Histories recorded when chunks ran on {@code email} replay unchanged: the task
   * queue of a scheduled activity is an attribute of its ActivityTaskScheduled event, not part of
   * what replay compares with the command (activity type and id), so it is no determinism break. A
   * chunk scheduled on {@code email} before the change keeps that queue for its retries, so a
   * worker-email that serves both lanes also takes chunks on {@code email}
   * (EmailWorkerApplication); every chunk scheduled since goes to the bulk lane.
   */
  public static final ActivityOptions SEND_EMAIL_CHUNK =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.EMAIL_BULK)
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(RetryBudget.DEFAULT.total())
          .setRetryOptions(Backoff.DEFAULT.retryOptions(RetryBudget.DEFAULT.maxAttempts()))
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .build();

  /**
   * Some emails of a group: a minute per attempt (a hundred messages), a crashed worker noticed
   * within 30 s. The activity fails only when the worker cannot do its part (the relay's answers,
   * deferrals included, are its result); a few tries, then its emails count the failure as an
   * attempt of their own and wait their own backoff.
   */
  public static final ActivityOptions SEND_GROUP_CHUNK =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.EMAIL)
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(Backoff.DEFAULT.retryOptions(3))
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .build();

  private JobActivityOptions() {}

  /** {@code declared} with the job's retry budget in place of the default one. */
  public static ActivityOptions withBudget(ActivityOptions declared, RetryBudget budget) {
    var retry =
        declared.getRetryOptions().toBuilder().setMaximumAttempts(budget.maxAttempts()).build();
    return ActivityOptions.newBuilder(declared)
        .setRetryOptions(retry)
        .setScheduleToCloseTimeout(budget.total())
        .build();
  }
}
