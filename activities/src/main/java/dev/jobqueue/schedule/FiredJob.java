package dev.jobqueue.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The job a firing started.
 *
 * @param created false when an earlier try of the same firing had already started it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FiredJob(String jobId, boolean created) {}
