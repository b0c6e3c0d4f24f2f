package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /v1/schedules/{id}} answers, and each item of the list (which leaves out {@code
 * job} and {@code createdAt}).
 *
 * @param cron the five cron fields; absent for an interval schedule
 * @param interval between firings; absent for a cron schedule
 * @param note the reason given with the last pause or resume
 * @param job the request each firing submits
 * @param nextActionTimes when it fires next (none while paused)
 * @param recentActions its last firings, oldest first, each with the job it started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleDocument(
    String id,
    String cron,
    String interval,
    String offset,
    String timeZone,
    Overlap overlap,
    String catchupWindow,
    boolean paused,
    String note,
    JsonNode job,
    List<Instant> nextActionTimes,
    List<Action> recentActions,
    Instant createdAt,
    Links links) {

  /**
   * One firing.
   *
   * @param scheduledAt when it was due
   * @param startedAt when it fired (later than due after an outage; any time for a trigger)
   * @param jobId the job it started (or starts: a firing submits it moments after it fires)
   */
  public record Action(Instant scheduledAt, Instant startedAt, String jobId, ActionLinks links) {}

  public record ActionLinks(String job) {}

  public record Links(String self) {}

  static Links links(String id) {
    return new Links("/v1/schedules/" + id);
  }

  static Action action(Instant scheduledAt, Instant startedAt, String jobId) {
    return new Action(scheduledAt, startedAt, jobId, new ActionLinks("/v1/jobs/" + jobId));
  }
}
