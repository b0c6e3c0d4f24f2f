package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.job.JobRef;

/**
 * The input of an {@code email-batch} job's workflow: the manifest of a batch already staged in the
 * batch store, never the items themselves.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailBatchJob(JobRef job, BatchManifest manifest) {}
