package dev.jobqueue.store;

import dev.jobqueue.batch.BatchName;
import dev.jobqueue.job.JobRef;
import java.time.Instant;

/**
 * A batch in the store, as housekeeping sees it: which it is, and when it was staged.
 *
 * @param name the batch's name, from its manifest: the job it belongs to, and its hash if any
 * @param stagedAt when the batch was published into the store
 */
public record StagedBatch(BatchName name, Instant stagedAt) {
  /** The job the batch belongs to. */
  public JobRef job() {
    return name.job();
  }
}
