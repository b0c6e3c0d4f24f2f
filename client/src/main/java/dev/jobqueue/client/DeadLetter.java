package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A parked job ({@code GET /v1/dead-letters}).
 *
 * @param attempts every failed attempt before it was parked, oldest first
 * @param redrives how many times it was redriven before it was parked this time
 * @param request the request it was started with, canonical; null when too large to keep
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
    String jobId,
    String type,
    String errorType,
    String message,
    List<AttemptError> attempts,
    Instant deadLetteredAt,
    Instant expiresAt,
    int redrives,
    JsonNode request,
    Map<String, String> links) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AttemptError(
      int attempt, String type, String message, boolean retryable, String failedAt) {}
}
