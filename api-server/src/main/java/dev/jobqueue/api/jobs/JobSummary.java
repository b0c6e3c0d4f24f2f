package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobStatus;
import java.time.Instant;

/**
 * A job in a list: what the visibility store knows, with the status of a job under way read from
 * its execution as {@code GET /v1/jobs/{jobId}} reads it.
 */
public record JobSummary(
    String jobId,
    String type,
    JobStatus status,
    Instant createdAt,
    Instant updatedAt,
    JobLinks links) {

  JobSummary withStatus(JobStatus status) {
    return new JobSummary(jobId, type, status, createdAt, updatedAt, links);
  }
}
