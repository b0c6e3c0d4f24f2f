package dev.jobqueue.job;

import io.temporal.workflow.Workflow;

/**
 * How much history one run of a job's workflow may grow before it continues as new. A job parked as
 * a dead letter can live for weeks and take any number of signals and redrives, each of which adds
 * events; Temporal warns at 10,240 events and fails a workflow at 51,200 events or 50 MiB. The
 * budget stops well short of both, or sooner when the server suggests it. A job's memo may give a
 * smaller event budget ({@link JobMemo#HISTORY_BUDGET}), so that a test can reach it in a few
 * steps.
 */
final class HistoryBudget {
  static final long DEFAULT_EVENTS = 5_000;
  static final long DEFAULT_BYTES = 10L * 1024 * 1024;

  private final long events;
  private final long bytes;

  HistoryBudget(long events, long bytes) {
    this.events = events;
    this.bytes = bytes;
  }

  /** The job's budget: its memo's event budget if it has one, else the defaults. */
  static HistoryBudget ofJob() {
    Long configured = Workflow.getMemo(JobMemo.HISTORY_BUDGET, Long.class, Long.class);
    return new HistoryBudget(
        configured == null || configured <= 0 ? DEFAULT_EVENTS : configured, DEFAULT_BYTES);
  }

  /** True once this run's history should be carried over into a new one. */
  boolean spent() {
    var info = Workflow.getInfo();
    return info.isContinueAsNewSuggested()
        || info.getHistoryLength() >= events
        || info.getHistorySize() >= bytes;
  }
}
