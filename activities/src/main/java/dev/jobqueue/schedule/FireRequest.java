package dev.jobqueue.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One firing of a schedule, asking for its job.
 *
 * @param fireId the firing's workflow id, which Temporal makes from the schedule's id and the time
 *     it fired: the job's id is derived from it, so that a retried submission is the same job
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FireRequest(ScheduledFire fire, String fireId) {}
