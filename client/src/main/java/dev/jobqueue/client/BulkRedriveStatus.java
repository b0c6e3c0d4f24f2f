package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A bulk redrive's progress.
 *
 * @param status RUNNING, SUCCEEDED or FAILED
 * @param skipped jobs that had ended meanwhile (discarded, expired)
 * @param failed jobs the redrive could not reach; a new request retries those still parked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkRedriveStatus(
    String id, String status, int selected, int redriven, int skipped, int failed) {
  public boolean running() {
    return "RUNNING".equals(status);
  }
}
