package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a group's jobs ended; each job's own outcome is in the group's memo.
 *
 * @param deadLettered jobs parked as dead letters of their own
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailGroupResult(int jobs, int sent, int deadLettered, int cancelled) {}
