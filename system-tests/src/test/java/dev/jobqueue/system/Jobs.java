package dev.jobqueue.system;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.email.EmailWorkflow;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.report.RenderProgress;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportWorkflow;
import dev.jobqueue.report.SampleData;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Optional;

/** Starts jobs the way the API does, and reads their state back from the server. */
final class Jobs {
  private final WorkflowClient client;

  Jobs(WorkflowClient client) {
    this.client = client;
  }

  private static WorkflowOptions options(JobRef job, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(job.workflowId())
        .setTaskQueue(taskQueue)
        .setTypedSearchAttributes(
            io.temporal.common.SearchAttributes.newBuilder()
                .set(JobSearchAttributes.JOB_STATUS, "QUEUED")
                .build())
        .build();
  }

  void startEmail(JobRef job, String to, String subject) {
    var workflow = client.newWorkflowStub(EmailWorkflow.class, options(job, TaskQueues.EMAIL));
    WorkflowClient.start(
        workflow::send, new EmailJob(job, EmailMessage.text(List.of(to), subject, "Hello " + to)));
  }

  void startReport(JobRef job, long rows) {
    var workflow = client.newWorkflowStub(ReportWorkflow.class, options(job, TaskQueues.PDF));
    WorkflowClient.start(
        workflow::render,
        new ReportJob(
            job, "statement", "Statement " + job.jobId(), null, new SampleData(rows, 42)));
  }

  <R> R result(JobRef job, Class<R> type) {
    return client.newUntypedWorkflowStub(job.workflowId()).getResult(type);
  }

  String status(JobRef job) {
    return client
        .newUntypedWorkflowStub(job.workflowId())
        .describe()
        .getTypedSearchAttributes()
        .get(JobSearchAttributes.JOB_STATUS);
  }

  /** The render's last heartbeat as the server holds it (what a new worker would resume from). */
  Optional<RenderProgress> lastHeartbeat(JobRef job) {
    var response =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(job.workflowId()))
                    .build());
    return response.getPendingActivitiesList().stream()
        .filter(a -> a.hasHeartbeatDetails() && a.getHeartbeatDetails().getPayloadsCount() > 0)
        .findFirst()
        .map(
            a ->
                DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    a.getHeartbeatDetails().getPayloads(0),
                    RenderProgress.class,
                    RenderProgress.class));
  }
}
