package dev.jobqueue.callback;

import dev.jobqueue.job.Discard;
import dev.jobqueue.job.Redrive;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One completion callback: the job's terminal status delivered to its {@code callback} URL, started
 * by the job's workflow as a child it does not wait for (the job ends at once, its result readable
 * while the callback still retries). Runs on the {@code callbacks} queue. A callback the receiver
 * never accepts within its budget is parked as a dead letter of its own ({@code CallbackFailed}),
 * which the dead-letter API redrives (the callback is delivered again, the job is not run again) or
 * discards, through the signals every job takes.
 */
@WorkflowInterface
public interface CallbackWorkflow {
  @WorkflowMethod(name = "JobCallback")
  void deliver(CallbackRequest request);

  /** Delivers a parked callback again, with a fresh budget; the input is ignored. */
  @SignalMethod(name = "Redrive")
  void redrive(Redrive<Object> request);

  /** Gives a parked callback up. */
  @SignalMethod(name = "Discard")
  void discard(Discard request);
}
