package dev.jobqueue.job;

import io.temporal.workflow.SignalMethod;

/** Signals every job workflow takes. Redrive is declared by each job type, with its own input. */
public interface JobSignals {
  /** A fleet reports a failed attempt of the job's activity. */
  @SignalMethod(name = "AttemptFailed")
  void attemptFailed(AttemptError error);

  /** Ends a dead-lettered job for good. */
  @SignalMethod(name = "Discard")
  void discard(Discard request);
}
