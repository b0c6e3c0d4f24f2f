package dev.jobqueue.api.schedules;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;

/**
 * What a firing due while the last firing's job has not ended does. A firing lasts until its job
 * has ended, so Temporal's overlap policy is about jobs. Temporal's cancel and terminate policies
 * are not offered: they would end the firing, not its job.
 */
public enum Overlap {
  /** The firing does not happen. */
  SKIP(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
  /** One firing waits for the job to end; any more are skipped. */
  BUFFER_ONE(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
  /** Every firing waits its turn, one job at a time. */
  BUFFER_ALL(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL),
  /** Every firing starts its job at once. */
  ALLOW_ALL(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);

  private final ScheduleOverlapPolicy temporal;

  Overlap(ScheduleOverlapPolicy temporal) {
    this.temporal = temporal;
  }

  ScheduleOverlapPolicy temporal() {
    return temporal;
  }
}
