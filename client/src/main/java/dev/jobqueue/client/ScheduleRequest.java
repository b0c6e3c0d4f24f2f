package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Objects;

/**
 * The body of {@code POST /v1/schedules}: a recurring job, by {@link #cron} or {@link #every}.
 * Fields left null take the server's defaults.
 *
 * @param id the schedule's id, or null to have one assigned
 * @param job the job each firing starts: a {@link JobRequest} without {@code runAt}
 * @param overlap SKIP, BUFFER_ONE, BUFFER_ALL or ALLOW_ALL
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleRequest(
    String id,
    String cron,
    Duration interval,
    Duration offset,
    String timeZone,
    String overlap,
    Duration catchupWindow,
    Boolean paused,
    JobRequest job) {
  public ScheduleRequest {
    Objects.requireNonNull(job, "job");
  }

  /** Fires when the cron expression says, read in UTC unless {@link #inTimeZone}. */
  public static ScheduleRequest cron(String cron, JobRequest job) {
    return new ScheduleRequest(null, cron, null, null, null, null, null, null, job);
  }

  /** Fires every {@code interval}, counted from the Unix epoch. */
  public static ScheduleRequest every(Duration interval, JobRequest job) {
    return new ScheduleRequest(null, null, interval, null, null, null, null, null, job);
  }

  public ScheduleRequest withId(String id) {
    return new ScheduleRequest(
        id, cron, interval, offset, timeZone, overlap, catchupWindow, paused, job);
  }

  public ScheduleRequest inTimeZone(String timeZone) {
    return new ScheduleRequest(
        id, cron, interval, offset, timeZone, overlap, catchupWindow, paused, job);
  }

  public ScheduleRequest withOffset(Duration offset) {
    return new ScheduleRequest(
        id, cron, interval, offset, timeZone, overlap, catchupWindow, paused, job);
  }

  public ScheduleRequest withOverlap(String overlap) {
    return new ScheduleRequest(
        id, cron, interval, offset, timeZone, overlap, catchupWindow, paused, job);
  }

  public ScheduleRequest withCatchupWindow(Duration catchupWindow) {
    return new ScheduleRequest(
        id, cron, interval, offset, timeZone, overlap, catchupWindow, paused, job);
  }

  /** Created paused: it fires only when triggered until resumed. */
  public ScheduleRequest startPaused() {
    return new ScheduleRequest(
        id, cron, interval, offset, timeZone, overlap, catchupWindow, true, job);
  }
}
