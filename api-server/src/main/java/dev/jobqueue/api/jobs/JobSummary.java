package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobStatus;
import java.time.Instant;

/**
 * A job in a list: what the visibility store knows without asking about each job. Its status is the
 * lighter reading (RUNNING for a job that GET would call RETRYING).
 */
public record JobSummary(
    String jobId,
    String type,
    JobStatus status,
    Instant createdAt,
    Instant updatedAt,
    JobLinks links) {}
