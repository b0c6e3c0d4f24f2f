package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobStatus;
import java.time.Instant;

/**
 * What {@code GET /v1/jobs/{jobId}} answers. Built from what Temporal records about the job's
 * workflow, never by asking a worker, so it answers while no worker runs.
 *
 * @param attempt the current or last attempt of the job's activity; 0 before the first, null once
 *     the job has finished
 * @param maxAttempts the retry budget; null when unlimited
 * @param progress the last heartbeat's progress, while running; an email-batch's items with an
 *     outcome, from the batch store
 * @param runAt when a scheduled job becomes due
 * @param nextAttemptAt when a retrying job tries again
 * @param cancelRequested a cancel was asked for; the job ends CANCELLED once a worker stops it
 * @param result the job's result once SUCCEEDED: the email's delivery, the report's summary, or the
 *     batch's totals
 */
public record JobStatusDocument(
    String jobId,
    String type,
    JobStatus status,
    Integer attempt,
    Integer maxAttempts,
    Progress progress,
    LastError lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant runAt,
    Instant nextAttemptAt,
    boolean cancelRequested,
    Object result,
    String workflowId,
    JobLinks links) {

  public JobStatusDocument withCancelRequested() {
    return new JobStatusDocument(
        jobId,
        type,
        status,
        attempt,
        maxAttempts,
        progress,
        lastError,
        createdAt,
        updatedAt,
        runAt,
        nextAttemptAt,
        true,
        result,
        workflowId,
        links);
  }
}
