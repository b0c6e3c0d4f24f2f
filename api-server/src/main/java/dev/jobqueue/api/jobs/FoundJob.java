package dev.jobqueue.api.jobs;

/** A job as the API found it: in a workflow of its own, or in the group that carries it. */
public sealed interface FoundJob permits DescribedJob, GroupedJobs.GroupedJob {
  dev.jobqueue.job.JobRef ref();
}
