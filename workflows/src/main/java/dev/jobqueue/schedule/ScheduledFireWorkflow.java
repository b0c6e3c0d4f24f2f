package dev.jobqueue.schedule;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One firing of a tenant's schedule, started by its Temporal Schedule on the control queue: starts
 * the schedule's job, then waits for it to end, so that the schedule's overlap policy is about jobs
 * (a firing due while the last one's job still runs is skipped, buffered or let through).
 */
@WorkflowInterface
public interface ScheduledFireWorkflow {
  @WorkflowMethod(name = "ScheduledFire")
  FiredJob fire(ScheduledFire input);
}
