package dev.jobqueue.api.jobs;

import dev.jobqueue.email.EmailBatchResult;

/**
 * A finished batch as the status document shows it: its totals, and where its items' outcomes are
 * listed.
 *
 * @param passes runs it took: 1, plus one per redrive
 * @param outcomes the URL of the per-item outcomes
 */
public record BatchSummary(
    int items, int accepted, int deadLettered, int chunks, int passes, String outcomes) {

  static BatchSummary of(EmailBatchResult result, String outcomes) {
    return new BatchSummary(
        result.items(),
        result.accepted(),
        result.items() - result.accepted(),
        result.chunks(),
        result.passes(),
        outcomes);
  }
}
