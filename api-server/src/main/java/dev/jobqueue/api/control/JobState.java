package dev.jobqueue.api.control;

/** What housekeeping needs to know of a job that owns files. */
public enum JobState {
  /** Its workflow is open (scheduled, queued, running, parked): its files are in use. */
  OPEN,
  /** It ended, other than DISCARDED: its outcomes still serve the API while Temporal keeps it. */
  ENDED,
  /** It ended DISCARDED: nothing of it is wanted any more, recipients least of all. */
  DISCARDED,
  /**
   * Temporal has no such job: it never started, or its history is past the namespace's retention.
   */
  UNKNOWN
}
