package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobType;

/** A validated payload, ready to become a workflow's input once the job has an id. */
public sealed interface JobInput permits EmailInput, ReportInput, BatchInput {
  JobType type();
}
