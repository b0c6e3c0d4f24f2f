package dev.jobqueue.api.deadletters;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;

/** A dead letter as a bulk redrive needs it: whose job, and which workflow to signal. */
public record ParkedJob(JobRef ref, JobType type) {}
