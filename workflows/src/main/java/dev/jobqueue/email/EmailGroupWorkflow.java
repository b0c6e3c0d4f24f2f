package dev.jobqueue.email;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Coalesced {@code email} jobs: a group of single emails the API started together, sent in chunks
 * on the {@code email} queue. Each email keeps its own status, attempts, backoff and budget (in the
 * group's memo); one the relay defers waits alone while the others are done; one that fails for
 * good is parked as a dead letter in a workflow of its own. Ends when every email has ended.
 */
@WorkflowInterface
public interface EmailGroupWorkflow {
  @WorkflowMethod(name = "EmailGroup")
  EmailGroupResult send(EmailGroup group);

  /** Cancels one of the group's jobs. */
  @SignalMethod(name = "CancelJob")
  void cancel(CancelJob request);
}
