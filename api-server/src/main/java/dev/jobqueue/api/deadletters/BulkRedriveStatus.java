package dev.jobqueue.api.deadletters;

import dev.jobqueue.deadletter.BulkRedriveCounts;

/**
 * The status document of a bulk redrive ({@code GET /v1/dead-letters/redrives/{id}}).
 *
 * @param id the operation's id, the same for every retry of the same request
 * @param status RUNNING while it signals, SUCCEEDED once every selected job has been signalled or
 *     skipped, FAILED if the operation itself was stopped
 * @param selected dead letters the filter selected when the operation was asked for
 * @param redriven of those, the jobs signalled to run again
 * @param skipped jobs that had ended meanwhile (discarded, expired): not parked any more
 * @param failed jobs the signal could not reach for another reason; a new request retries those
 *     still parked
 */
public record BulkRedriveStatus(
    String id, String status, int selected, int redriven, int skipped, int failed) {
  static BulkRedriveStatus of(String id, String status, BulkRedriveCounts counts) {
    return new BulkRedriveStatus(
        id, status, counts.selected(), counts.redriven(), counts.skipped(), counts.failed());
  }
}
