package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Where one chunk stands once it has no item left to send. Counts are of the whole chunk, not of
 * one attempt, so the workflow can take the latest result of a chunk as its truth.
 *
 * @param accepted items the relay took, in this or any earlier attempt or pass
 * @param deadLettered items refused for good in this pass
 * @param alreadyDone items this attempt found settled by earlier ones and did not send
 * @param rejected a few of the dead-lettered items, for the job's dead letter (at most {@link
 *     #MAX_REJECTED}); the batch store lists them all
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkResult(
    int chunk, int accepted, int deadLettered, int alreadyDone, List<RecipientFailure> rejected) {
  /** Keeps the workflow's history small whatever the chunk size. */
  public static final int MAX_REJECTED = 3;

  public ChunkResult {
    rejected =
        rejected == null
            ? List.of()
            : List.copyOf(rejected.subList(0, Math.min(MAX_REJECTED, rejected.size())));
  }
}
