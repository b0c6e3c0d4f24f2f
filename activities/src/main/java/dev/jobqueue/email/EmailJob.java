package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.GivenUp;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retry.RetryBudget;

/**
 * The input of an email job's workflow and of its send activity.
 *
 * @param retry the job's retry budget; {@link RetryBudget#DEFAULT} when absent (older inputs)
 * @param givenUp set when the job was given up on in its group before this workflow existed: the
 *     workflow starts parked as its dead letter
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailJob(JobRef job, EmailMessage message, RetryBudget retry, GivenUp givenUp) {
  public EmailJob {
    retry = RetryBudget.orDefault(retry);
  }

  public EmailJob(JobRef job, EmailMessage message, RetryBudget retry) {
    this(job, message, retry, null);
  }

  /** With the default budget. */
  public EmailJob(JobRef job, EmailMessage message) {
    this(job, message, null, null);
  }

  /** This job as a redrive runs it: what it sends, not how it was given up on. */
  public EmailJob toRun() {
    return givenUp == null ? this : new EmailJob(job, message, retry, null);
  }
}
