package dev.jobqueue.email;

import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import io.temporal.workflow.Workflow;

public class EmailWorkflowImpl implements EmailWorkflow {
  private JobLifecycle<EmailJob, SendEmailResult> lifecycle;

  @Override
  public SendEmailResult send(EmailJob job) {
    lifecycle = JobLifecycle.begin(JobType.EMAIL, job.job());
    // a sent message cannot be unsent and a send reserves nothing: no compensation
    return lifecycle.run(job, EmailWorkflowImpl::sendEmail, failed -> {});
  }

  /** One send, on the job's own retry budget (a corrected redrive brings its own). */
  private static SendEmailResult sendEmail(EmailJob job) {
    var options = JobActivityOptions.withBudget(JobActivityOptions.SEND_EMAIL, job.retry());
    return Workflow.newActivityStub(EmailActivities.class, options).sendEmail(job);
  }

  @Override
  public void attemptFailed(AttemptError error) {
    lifecycleStarted().attemptFailed(error);
  }

  @Override
  public void redrive(Redrive<EmailJob> request) {
    lifecycleStarted().redrive(request);
  }

  @Override
  public void discard(Discard request) {
    lifecycleStarted().discard(request);
  }

  /** Signals can arrive in the same task as the start: wait until the job is under way. */
  private JobLifecycle<EmailJob, SendEmailResult> lifecycleStarted() {
    Workflow.await(() -> lifecycle != null);
    return lifecycle;
  }
}
