package dev.jobqueue.schedule;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Submits the job through the API's own path, then looks in on it until it has ended. */
public final class ScheduledFireWorkflowImpl implements ScheduledFireWorkflow {
  /**
   * A submission is one start (or a staged batch): seconds. Retried while Temporal or the tenant's
   * work budget pushes back, for up to an hour; a job the rules refuse is not retried.
   */
  static final ActivityOptions SUBMIT_JOB =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setDoNotRetry(ScheduleActivities.INVALID_JOB)
                  .build())
          .build();

  /** A look at a job's status: one describe. Retried as long as it takes. */
  static final ActivityOptions CHECK_JOB =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL)
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /** The first look after the start; each later one waits twice as long, up to {@link #LONGEST}. */
  static final Duration FIRST_LOOK = Duration.ofSeconds(2);

  /** A report may take hours: a look a minute keeps its firing's history short. */
  static final Duration LONGEST = Duration.ofMinutes(1);

  private final ScheduleActivities submit =
      Workflow.newActivityStub(ScheduleActivities.class, SUBMIT_JOB);
  private final ScheduleActivities check =
      Workflow.newActivityStub(ScheduleActivities.class, CHECK_JOB);

  @Override
  public FiredJob fire(ScheduledFire input) {
    FiredJob job = submit.submit(new FireRequest(input, Workflow.getInfo().getWorkflowId()));
    var ref = new JobRef(job.jobId(), input.tenant());
    Duration wait = FIRST_LOOK;
    while (!check.ended(ref)) {
      Workflow.sleep(wait);
      wait = wait.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : wait.multipliedBy(2);
    }
    return job;
  }
}
