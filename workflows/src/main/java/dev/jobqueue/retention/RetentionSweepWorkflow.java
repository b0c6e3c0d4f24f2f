package dev.jobqueue.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One run of the retention sweep, fired by its Temporal Schedule on the control queue. */
@WorkflowInterface
public interface RetentionSweepWorkflow {
  @WorkflowMethod(name = "RetentionSweep")
  SweepResult sweep();
}
