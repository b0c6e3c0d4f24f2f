package dev.jobqueue.api.schedules;

/**
 * The body of {@code PATCH /v1/schedules/{id}}.
 *
 * @param paused true to pause the schedule, false to resume it
 * @param note why, shown with the schedule (and in the Temporal UI)
 */
public record ScheduleChange(Boolean paused, String note) {}
