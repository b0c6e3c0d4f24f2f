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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailBatchJob(JobRef job, BatchManifest manifest, RetryBudget retry) {
  public EmailBatchJob {
    retry = RetryBudget.orDefault(retry);
  }

  /** With the default budget. */
  public EmailBatchJob(JobRef job, BatchManifest manifest) {
    this(job, manifest, null);
  }
}
