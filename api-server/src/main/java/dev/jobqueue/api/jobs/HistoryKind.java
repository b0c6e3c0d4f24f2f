package dev.jobqueue.api.jobs;

/** What one entry of a job's history says happened. */
public enum HistoryKind {
  /** The job was submitted (its workflow's first run started). */
  CREATED,
  /** The job was submitted to run later: {@code nextAt} says when it is due. */
  SCHEDULED,
  /** An attempt of an activity started. */
  STARTED,
  /** An attempt failed, with its error. */
  ATTEMPT_FAILED,
  /** The activity waits its backoff before attempt {@code attempt}, due at {@code nextAt}. */
  RETRY_SCHEDULED,
  /** An attempt of an activity completed. */
  COMPLETED,
  /** The job failed for good, was compensated and parked, with the error it was parked for. */
  DEAD_LETTERED,
  /** A dead letter was queued again with a fresh retry budget. */
  REDRIVEN,
  /** A dead letter was discarded (asked to, or its retention ended). */
  DISCARDED,
  /** Someone asked to cancel the job. */
  CANCEL_REQUESTED,
  CANCELLED,
  SUCCEEDED,
  /** The job's workflow itself failed (not its work: that is parked as a dead letter). */
  FAILED,
  /** The job's workflow ran past its own timeout. */
  TIMED_OUT,
  /** The job's workflow was terminated from outside the API. */
  TERMINATED
}
