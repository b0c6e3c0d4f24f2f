package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The render activity's heartbeat details: progress in pages for the status API, and the checkpoint
 * a retry resumes from.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RenderProgress(long done, long total, RenderCheckpoint checkpoint) {}
