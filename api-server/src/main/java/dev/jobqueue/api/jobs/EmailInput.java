package dev.jobqueue.api.jobs;

import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import dev.jobqueue.retry.RetryBudget;

/** A validated email. */
public record EmailInput(EmailMessage message) implements JobInput {
  @Override
  public JobType type() {
    return JobType.EMAIL;
  }

  public EmailJob job(JobRef ref, RetryBudget retry) {
    return new EmailJob(ref, message, retry);
  }
}
