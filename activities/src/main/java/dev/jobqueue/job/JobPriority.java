package dev.jobqueue.job;

import io.temporal.common.Priority;

/**
 * How a job asks Temporal for its turn, the same for a job's own workflow, a group of coalesced
 * emails and a dead letter parked from one: its priority (Temporal's scale, 1 runs first) and the
 * tenant as the fairness key, so that one tenant's backlog does not starve another's, with the
 * tenant's configured fairness weight (its share against the others': 2 is twice a default
 * tenant's).
 */
public final class JobPriority {
  /** A tenant with no weight configured: Temporal's own default. */
  public static final float DEFAULT_WEIGHT = 1.0f;

  private JobPriority() {}

  public static Priority of(int priority, String tenant) {
    return of(priority, tenant, DEFAULT_WEIGHT);
  }

  public static Priority of(int priority, String tenant, float weight) {
    return Priority.newBuilder()
        .setPriorityKey(priority)
        .setFairnessKey(tenant)
        .setFairnessWeight(weight)
        .build();
  }
}
