package dev.jobqueue.email;

import dev.jobqueue.job.JobSignals;
import dev.jobqueue.job.Redrive;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * An {@code email} job: one message, sent at least once. Runs on the {@code email} queue. Ends with
 * the send's result, or null when discarded as a dead letter.
 */
@WorkflowInterface
public interface EmailWorkflow extends JobSignals {
  @WorkflowMethod(name = "EmailJob")
  SendEmailResult send(EmailJob job);

  /** Runs a dead-lettered job again, optionally with a corrected message. */
  @SignalMethod(name = "Redrive")
  void redrive(Redrive<EmailJob> request);
}
