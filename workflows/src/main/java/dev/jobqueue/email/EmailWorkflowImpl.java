package dev.jobqueue.email;

import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.JobWorkflowBase;
import io.temporal.workflow.Workflow;

public class EmailWorkflowImpl extends JobWorkflowBase<EmailJob, SendEmailResult>
    implements EmailWorkflow {

  @Override
  public SendEmailResult send(EmailJob job) {
    // a sent message cannot be unsent and a send reserves nothing: no compensation; a coalesced
    // email given up on in its group arrives here to be parked as its own dead letter
    return live(
        JobType.EMAIL, job.job(), job, j -> sendOnce(j.toRun()), failed -> {}, job.givenUp());
  }

  /** One send, on the job's own retry budget (a corrected redrive brings its own). */
  private static SendEmailResult sendOnce(EmailJob job) {
    var options = JobActivityOptions.withBudget(JobActivityOptions.SEND_EMAIL, job.retry());
    return Workflow.newActivityStub(EmailActivities.class, options).sendEmail(job);
  }
}
