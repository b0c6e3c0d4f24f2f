package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retry.RetryBudget;

/**
 * The input of an {@code email-batch} job's workflow: the manifest of a batch already staged in the
 * batch store, never the items themselves.
 *
 * @param retry each chunk's retry budget; {@link RetryBudget#DEFAULT} when absent (older inputs)
 * @param earlierRuns set by the workflow for the run it continues as; null when the API starts it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailBatchJob(
    JobRef job, BatchManifest manifest, RetryBudget retry, BatchRuns earlierRuns) {
  public EmailBatchJob {
    retry = RetryBudget.orDefault(retry);
  }

  /** As the API starts it. */
  public EmailBatchJob(JobRef job, BatchManifest manifest, RetryBudget retry) {
    this(job, manifest, retry, null);
  }

  /** The same job, for a run that goes on from {@code runs}. */
  public EmailBatchJob continuing(BatchRuns runs) {
    return new EmailBatchJob(job, manifest, retry, runs);
  }

  /** With the default budget. */
  public EmailBatchJob(JobRef job, BatchManifest manifest) {
    this(job, manifest, null);
  }
}
