package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retry.RetryBudget;

/**
 * The input of an email job's workflow and of its send activity.
 *
 * @param retry the job's retry budget; {@link RetryBudget#DEFAULT} when absent (older inputs)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailJob(JobRef job, EmailMessage message, RetryBudget retry) {
  public EmailJob {
    retry = RetryBudget.orDefault(retry);
  }

  /** With the default budget. */
  public EmailJob(JobRef job, EmailMessage message) {
    this(job, message, null);
  }
}
