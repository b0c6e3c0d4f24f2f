package dev.jobqueue.retention;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What one sweep removed.
 *
 * @param batches staged batches (recipients and outcomes) removed
 * @param reports report files (and leftover parts) removed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepResult(int batches, int reports) {}
