package dev.jobqueue.api.deadletters;

import dev.jobqueue.email.EmailBatchWorkflow;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflow;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.JobSignals;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportWorkflow;
import io.temporal.client.WorkflowClient;

/**
 * Signals a parked job's workflow through its type's own interface, so that a corrected input
 * travels as exactly the type its workflow reads. A job that is no longer parked ignores the
 * signal; one whose workflow has ended makes it throw {@code WorkflowNotFoundException}.
 */
final class DeadLetterSignals {
  private final WorkflowClient client;

  DeadLetterSignals(WorkflowClient client) {
    this.client = client;
  }

  /**
   * Runs the job again: on {@code corrected}, its type's workflow input (same job), or, when null,
   * on its input as it was.
   */
  void redrive(ParkedJob job, Object corrected) {
    String id = job.ref().workflowId();
    switch (corrected) {
      case null -> {
        switch (job.type()) {
          case EMAIL ->
              client.newWorkflowStub(EmailWorkflow.class, id).redrive(new Redrive<>(null));
          case PDF -> client.newWorkflowStub(ReportWorkflow.class, id).redrive(new Redrive<>(null));
          case EMAIL_BATCH ->
              client.newWorkflowStub(EmailBatchWorkflow.class, id).redrive(new Redrive<>(null));
        }
      }
      case EmailJob email ->
          client.newWorkflowStub(EmailWorkflow.class, id).redrive(new Redrive<>(email));
      case ReportJob report ->
          client.newWorkflowStub(ReportWorkflow.class, id).redrive(new Redrive<>(report));
      default -> throw new IllegalArgumentException("no corrected redrive for " + corrected);
    }
  }

  void discard(ParkedJob job, String reason) {
    signals(job).discard(new Discard(reason));
  }

  private JobSignals signals(ParkedJob job) {
    String id = job.ref().workflowId();
    return switch (job.type()) {
      case EMAIL -> client.newWorkflowStub(EmailWorkflow.class, id);
      case PDF -> client.newWorkflowStub(ReportWorkflow.class, id);
      case EMAIL_BATCH -> client.newWorkflowStub(EmailBatchWorkflow.class, id);
    };
  }
}
