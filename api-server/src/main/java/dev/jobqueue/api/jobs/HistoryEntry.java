package dev.jobqueue.api.jobs;

import java.time.Instant;

/**
 * One thing that happened to a job, as its workflow's history records it.
 *
 * @param attempt the activity's attempt (1-based) for STARTED, ATTEMPT_FAILED, RETRY_SCHEDULED and
 *     COMPLETED; null otherwise
 * @param activity the activity's type ({@code SendEmail}, {@code RenderReport}, ...), when known
 * @param nextAt when a SCHEDULED job is due, or a RETRY_SCHEDULED attempt starts
 */
public record HistoryEntry(
    Instant at,
    HistoryKind kind,
    Integer attempt,
    String activity,
    HistoryError error,
    Instant nextAt) {
  static HistoryEntry of(Instant at, HistoryKind kind) {
    return new HistoryEntry(at, kind, null, null, null, null);
  }
}
