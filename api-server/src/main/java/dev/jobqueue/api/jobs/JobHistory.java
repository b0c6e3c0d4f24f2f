package dev.jobqueue.api.jobs;

import java.util.List;

/**
 * {@code GET /v1/jobs/{jobId}/history}: what happened to a job, oldest first.
 *
 * @param truncated true when the job's history was longer than what is read of it: the entries are
 *     its first ones, and the latest are missing
 */
public record JobHistory(
    String jobId, List<HistoryEntry> entries, boolean truncated, JobHistoryLinks links) {
  public JobHistory {
    entries = List.copyOf(entries);
  }

  /**
   * @param job the job's status document
   */
  public record JobHistoryLinks(String self, String job) {}
}
