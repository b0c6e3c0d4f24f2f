package dev.jobqueue.schedule;

import dev.jobqueue.job.JobRef;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * A schedule's firing as the API does it, on the control queue: its job is submitted the way {@code
 * POST /v1/jobs} submits one.
 */
@ActivityInterface
public interface ScheduleActivities {
  /**
   * The failure type of a job request that the job rules refuse when it fires (they changed since
   * the schedule was created, or the tenant's sender domains did): retrying would not help.
   */
  String INVALID_JOB = "InvalidScheduledJob";

  /** Starts the firing's job, or finds the one an earlier try started: idempotent. */
  @ActivityMethod(name = "SubmitScheduledJob")
  FiredJob submit(FireRequest request);

  /** True once the job has ended (succeeded, cancelled, dead-lettered or discarded). */
  @ActivityMethod(name = "ScheduledJobEnded")
  boolean ended(JobRef job);
}
