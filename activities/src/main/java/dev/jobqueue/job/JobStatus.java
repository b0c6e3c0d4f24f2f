package dev.jobqueue.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A job's status and the only transitions allowed between them. The names are those of the API and
 * of the {@code JobStatus} search attribute.
 */
public enum JobStatus {
  SCHEDULED,
  QUEUED,
  RUNNING,
  RETRYING,
  SUCCEEDED,
  CANCELLED,
  DEAD_LETTERED,
  DISCARDED;

  private static final Map<JobStatus, Set<JobStatus>> NEXT =
      Map.of(
          SCHEDULED, EnumSet.of(QUEUED, RUNNING, CANCELLED),
          QUEUED, EnumSet.of(RUNNING, CANCELLED),
          RUNNING, EnumSet.of(RETRYING, SUCCEEDED, CANCELLED, DEAD_LETTERED),
          RETRYING, EnumSet.of(RUNNING, SUCCEEDED, CANCELLED, DEAD_LETTERED),
          // a redrive queues the job again; a discard (or retention expiry) ends it
          DEAD_LETTERED, EnumSet.of(QUEUED, DISCARDED),
          SUCCEEDED, EnumSet.noneOf(JobStatus.class),
          CANCELLED, EnumSet.noneOf(JobStatus.class),
          DISCARDED, EnumSet.noneOf(JobStatus.class));

  public boolean canMoveTo(JobStatus next) {
    return NEXT.get(this).contains(next);
  }

  public boolean isTerminal() {
    return NEXT.get(this).isEmpty();
  }
}
