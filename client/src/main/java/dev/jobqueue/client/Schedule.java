package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A schedule as the API shows it.
 *
 * @param note the note of its last pause or resume
 * @param job the job each firing starts; null in a list
 * @param recentActions its last firings, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Schedule(
    String id,
    String cron,
    Duration interval,
    Duration offset,
    String timeZone,
    String overlap,
    Duration catchupWindow,
    boolean paused,
    String note,
    JsonNode job,
    List<Instant> nextActionTimes,
    List<Action> recentActions,
    Instant createdAt,
    Map<String, String> links) {

  /** One firing, and the job it started. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Action(
      Instant scheduledAt, Instant startedAt, String jobId, Map<String, String> links) {}
}
