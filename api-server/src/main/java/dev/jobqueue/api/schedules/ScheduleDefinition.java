package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A schedule's request, checked, with its defaults: what the schedule's memo keeps, and what is
 * shown back. Durations in ISO-8601 as {@link java.time.Duration#toString} writes them.
 *
 * @param cron the five cron fields; null for an interval schedule
 * @param interval between firings; null for a cron schedule
 * @param offset within each interval; null for a cron schedule
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleDefinition(
    String cron,
    String interval,
    String offset,
    String timeZone,
    Overlap overlap,
    String catchupWindow) {}
