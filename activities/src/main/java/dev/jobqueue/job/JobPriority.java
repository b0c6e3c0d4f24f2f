package dev.jobqueue.job;

import io.temporal.common.Priority;

/**
 * How a job asks Temporal for its turn, the same for a job's own workflow, a group of coalesced
 * emails and a dead letter parked from one: its priority (Temporal's scale, 1 runs first) and the
 * tenant as the fairness key, so that one tenant's backlog does not starve another's.
 */
public final class JobPriority {
  private JobPriority() {}

  public static Priority of(int priority, String tenant) {
    return Priority.newBuilder().setPriorityKey(priority).setFairnessKey(tenant).build();
  }
}
