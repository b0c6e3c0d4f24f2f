package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/schedules} as it arrives; durations stay strings so that a malformed
 * one gets our message, not Jackson's.
 *
 * @param id the schedule's id; absent: derived from the Idempotency-Key, or assigned
 * @param cron five cron fields, read in {@code timeZone}; exactly one of this and {@code interval}
 * @param interval an ISO-8601 duration between firings, counted from the Unix epoch
 * @param offset where in each interval it fires; PT0S when absent
 * @param overlap what a firing due while the last one's job still runs does; SKIP when absent
 * @param catchupWindow how late a firing missed while Temporal was down may still happen
 * @param job exactly the body {@code POST /v1/jobs} takes, without {@code runAt}
 */
public record ScheduleRequest(
    String id,
    String cron,
    String interval,
    String offset,
    String timeZone,
    String overlap,
    String catchupWindow,
    Boolean paused,
    JsonNode job) {}
