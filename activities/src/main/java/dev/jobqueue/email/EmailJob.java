package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;

/** The input of an email job's workflow and of its send activity. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailJob(JobRef job, EmailMessage message) {}
