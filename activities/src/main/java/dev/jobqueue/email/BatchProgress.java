package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How far a batch job is, from its workflow's state. Answered only while a worker runs; the API
 * must not depend on it.
 *
 * @param doneChunks chunks with nothing left to send in the current pass
 * @param accepted items the relay took
 * @param deadLettered items refused for good
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchProgress(int doneChunks, int totalChunks, int accepted, int deadLettered) {}
