package dev.jobqueue.deadletter;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How far a bulk redrive has come.
 *
 * @param selected dead letters the filter selected when the operation was asked for
 * @param redriven of those, the jobs the Redrive signal reached (a job redriven by someone else
 *     meanwhile, and so no longer parked but still open, ignores it)
 * @param skipped the jobs that had ended meanwhile (discarded, expired): not parked any more
 * @param failed the jobs the signal could not reach for another reason
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkRedriveCounts(int selected, int redriven, int skipped, int failed) {
  public static BulkRedriveCounts of(int selected) {
    return new BulkRedriveCounts(selected, 0, 0, 0);
  }

  /** Jobs signalled or given up on so far. */
  public int done() {
    return redriven + skipped + failed;
  }

  public BulkRedriveCounts plusRedriven() {
    return new BulkRedriveCounts(selected, redriven + 1, skipped, failed);
  }

  public BulkRedriveCounts plusSkipped() {
    return new BulkRedriveCounts(selected, redriven, skipped + 1, failed);
  }

  public BulkRedriveCounts plusFailed() {
    return new BulkRedriveCounts(selected, redriven, skipped, failed + 1);
  }
}
