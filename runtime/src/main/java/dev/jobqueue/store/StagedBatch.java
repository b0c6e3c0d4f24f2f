package dev.jobqueue.store;

import dev.jobqueue.job.JobRef;
import java.time.Instant;

/**
 * A batch in the store, as housekeeping sees it: whose job it is, and when it was staged.
 *
 * @param job the job the batch belongs to, from its manifest
 * @param stagedAt when the batch was published into the store
 */
public record StagedBatch(JobRef job, Instant stagedAt) {}
