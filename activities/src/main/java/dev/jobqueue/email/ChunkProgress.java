package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A chunk's heartbeat: items finished (sent or given up) of {@code total}. Not a checkpoint: the
 * chunk's outcome file, synced before each heartbeat, is what a retry resumes from.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkProgress(int done, int total) {}
