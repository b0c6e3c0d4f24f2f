package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How far a batch job is, from its workflow's state. Answered only while a worker runs; the API
 * must not depend on it.
 *
 * @param doneChunks chunks with nothing left to send in the current pass
 * @param accepted items the relay took
 * @param deadLettered items refused for good
 * @param deferred items the relay deferred, waiting for their next attempt
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchProgress(
    int doneChunks, int totalChunks, int accepted, int deadLettered, int deferred) {
  /** With nothing deferred. */
  public BatchProgress(int doneChunks, int totalChunks, int accepted, int deadLettered) {
    this(doneChunks, totalChunks, accepted, deadLettered, 0);
  }
}
