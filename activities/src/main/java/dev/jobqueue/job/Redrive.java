package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Asks a dead-lettered job to run again with a fresh retry budget, under the same job id.
 *
 * @param job the corrected input, or null to run the original again
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Redrive<J>(J job) {}
