package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request to create a schedule that passed every check.
 *
 * @param id the schedule's id; null when the server is to assign one
 * @param job the job's request as the client sent it, which each firing submits
 * @param requestHash SHA-256 of the request with its defaults: what a repeated create must match
 */
public record NewSchedule(
    String id, ScheduleDefinition definition, boolean paused, ObjectNode job, String requestHash) {
  public NewSchedule withId(String newId) {
    return new NewSchedule(newId, definition, paused, job, requestHash);
  }
}
