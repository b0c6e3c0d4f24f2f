package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Cancels one job of a group: it is not sent unless it already has been. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelJob(String jobId) {}
