package dev.jobqueue.email;

import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.job.JobType;
import io.temporal.workflow.Workflow;

public class EmailWorkflowImpl implements EmailWorkflow {
  private final EmailActivities email =
      Workflow.newActivityStub(EmailActivities.class, JobActivityOptions.SEND_EMAIL);

  @Override
  public SendEmailResult send(EmailJob job) {
    return JobLifecycle.begin(JobType.EMAIL, job.job()).run(() -> email.sendEmail(job));
  }
}
