package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * Where one chunk stands after a run. Counts are of the whole chunk, not of one attempt, so the
 * workflow can take the latest result of a chunk as its truth.
 *
 * @param accepted items the relay took, in this or any earlier attempt or pass
 * @param deadLettered items refused for good in this pass
 * @param alreadyDone items this attempt found settled by earlier ones and did not send
 * @param rejected a few of the dead-lettered items, for the job's dead letter (at most {@link
 *     #MAX_REJECTED}); the batch store lists them all
 * @param deferred items the relay deferred that wait for another attempt in this pass; only in a
 *     round ({@link ChunkRequest#inRounds()}), 0 otherwise (and in results of older workers)
 * @param dueAt when the chunk should run again: once every one of its deferred items is due, so
 *     that one run tries them all; null when none is deferred
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkResult(
    int chunk,
    int accepted,
    int deadLettered,
    int alreadyDone,
    List<RecipientFailure> rejected,
    int deferred,
    Instant dueAt) {
  /** Keeps the workflow's history small whatever the chunk size. */
  public static final int MAX_REJECTED = 3;

  public ChunkResult {
    rejected =
        rejected == null
            ? List.of()
            : List.copyOf(rejected.subList(0, Math.min(MAX_REJECTED, rejected.size())));
  }

  /** A chunk with nothing left to send in this pass. */
  public ChunkResult(
      int chunk, int accepted, int deadLettered, int alreadyDone, List<RecipientFailure> rejected) {
    this(chunk, accepted, deadLettered, alreadyDone, rejected, 0, null);
  }
}
