package dev.jobqueue.callback;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of a completion callback: the job's status document as its workflow knows it when the
 * job ends. The fields are those of {@code GET /v1/jobs/{jobId}}, less what only the API can say
 * ({@code maxAttempts}, {@code progress}, {@code links}); {@code result} is the workflow's own
 * result (an email's delivery, a report's page count, size and SHA-256, a batch's totals), without
 * the API's links.
 *
 * @param attempt the attempt the job ended on, as far as the workflow was told (failed attempts are
 *     reported to it by the fleets); null when it does not know
 * @param lastError why a DEAD_LETTERED job was parked; null otherwise
 * @param createdAt ISO-8601 instant
 * @param updatedAt ISO-8601 instant: when the job reached {@code status}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "jobId",
  "type",
  "status",
  "attempt",
  "lastError",
  "result",
  "createdAt",
  "updatedAt"
})
public record CallbackDocument(
    String jobId,
    String type,
    String status,
    Integer attempt,
    CallbackError lastError,
    Object result,
    String createdAt,
    String updatedAt) {

  /** {@code lastError} of a callback body: the same shape as the status document's. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CallbackError(String type, String message) {}
}
