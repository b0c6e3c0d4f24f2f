package dev.jobqueue.email;

import dev.jobqueue.job.JobSignals;
import dev.jobqueue.job.Redrive;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An {@code email-batch} job: a staged batch sent chunk by chunk on the {@code email} queue.
 * Succeeds once the relay took every item. Items it defers are retried one by one, each on its own
 * budget, in rounds of the workflow's own; if some were refused for good or still deferred once
 * their budget was spent, the job is dead-lettered with {@code RecipientsRejected}, and a redrive
 * tries only the items not yet accepted. Ends with the totals, or null when discarded as a dead
 * letter.
 */
@WorkflowInterface
public interface EmailBatchWorkflow extends JobSignals {
  /**
   * The error type of a batch some of whose items were refused for good. Not an activity's failure,
   * so not in {@code ErrorType}'s retry table, but the same kind of name.
   */
  @WorkflowMethod(name = "EmailBatchJob")
  EmailBatchResult send(EmailBatchJob job);

  /** Runs a dead-lettered batch again: its unaccepted items, or a corrected, restaged batch. */
  @SignalMethod(name = "Redrive")
  void redrive(Redrive<EmailBatchJob> request);

  /** Totals so far, for operators; the API reads the batch store instead. */
  @QueryMethod(name = "Progress")
  BatchProgress progress();
}
