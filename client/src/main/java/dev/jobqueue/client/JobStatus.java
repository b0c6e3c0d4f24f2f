package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A job's status document ({@code GET /v1/jobs/{jobId}}, and the answer to a submit, a cancel or a
 * redrive).
 *
 * @param attempt the current or last attempt, 0 before the first; null once finished
 * @param maxAttempts the retry budget; null when unlimited
 * @param result once SUCCEEDED: the email's delivery, the report's summary or the batch's totals
 * @param workflowId the Temporal workflow that carries the job (a coalesced email's group's)
 * @param links {@code self}, {@code result}, {@code temporalUi}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobStatus(
    String jobId,
    String type,
    Status status,
    Integer attempt,
    Integer maxAttempts,
    Progress progress,
    LastError lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant runAt,
    Instant nextAttemptAt,
    boolean cancelRequested,
    JsonNode result,
    String workflowId,
    Map<String, String> links) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Progress(long done, long total) {}

  /** The last failure: an error type ({@code SmtpTransient}, {@code DeadlineExceeded}, ...). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LastError(String type, String message) {}
}
