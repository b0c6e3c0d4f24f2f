package dev.jobqueue.email;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** An {@code email} job: one message, sent at least once. Runs on the {@code email} queue. */
@WorkflowInterface
public interface EmailWorkflow {
  @WorkflowMethod(name = "EmailJob")
  SendEmailResult send(EmailJob job);
}
