package dev.jobqueue.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a tenant's schedule starts each time it fires: the input of its {@code ScheduledFire}
 * workflow.
 *
 * @param tenant whose schedule it is, and whose job each firing starts
 * @param scheduleId the schedule's id as the tenant knows it
 * @param job the job's request, exactly the JSON body {@code POST /v1/jobs} takes: checked again
 *     when it fires, by the same rules
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduledFire(String tenant, String scheduleId, String job) {}
