package dev.jobqueue.deadletter;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One bulk redrive of dead letters, asked for by {@code POST /v1/dead-letters/redrive}: signals
 * each selected job to run again, a bounded number at a time. Runs on {@link
 * dev.jobqueue.TaskQueues#CONTROL}; its workflow id is the operation's, so asking again for the
 * same operation finds it instead of signalling every job a second time.
 */
@WorkflowInterface
public interface BulkRedriveWorkflow {
  @WorkflowMethod(name = "BulkRedrive")
  BulkRedriveCounts redrive(BulkRedriveInput input);

  /** The counts so far, earlier runs of the operation included. */
  @QueryMethod(name = "Progress")
  BulkRedriveCounts progress();
}
