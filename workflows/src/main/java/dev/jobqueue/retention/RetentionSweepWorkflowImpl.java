package dev.jobqueue.retention;

import dev.jobqueue.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Runs the sweep activity where the stores are: the control queue's worker. */
public final class RetentionSweepWorkflowImpl implements RetentionSweepWorkflow {
  /**
   * A sweep lists two directories and describes a job per staged batch: minutes at most. Retried a
   * few times; the next scheduled run picks up whatever this one left.
   */
  static final ActivityOptions SWEEP_STORES =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(10))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  private final SweepActivities stores =
      Workflow.newActivityStub(SweepActivities.class, SWEEP_STORES);

  @Override
  public SweepResult sweep() {
    return stores.sweep(new SweepRequest("scheduled"));
  }
}
