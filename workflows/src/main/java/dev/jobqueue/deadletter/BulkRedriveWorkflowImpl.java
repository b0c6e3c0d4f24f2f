package dev.jobqueue.deadletter;

import dev.jobqueue.job.Redrive;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Signals {@code Redrive} (the signal every job type takes, here with no corrected input) to each
 * job through an external workflow stub: no activity, so the work is only the signals themselves.
 * {@link #IN_FLIGHT} at a time, so that thousands are a steady stream for the server; after {@link
 * #PER_RUN} of them the workflow continues as new with the rest, so its history stays a few
 * thousand events whatever the selection.
 */
public final class BulkRedriveWorkflowImpl implements BulkRedriveWorkflow {
  /** Signals awaited together. */
  static final int IN_FLIGHT = 16;

  /** Signals per run (each one a few events) before the workflow continues as new. */
  static final int PER_RUN = 500;

  /** The name every job workflow declares its redrive signal under. */
  static final String REDRIVE_SIGNAL = "Redrive";

  /** The failure type of a signal to a workflow that has ended, or never was. */
  private static final String NOT_FOUND =
      SignalExternalWorkflowExecutionFailedCause
          .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND
          .name();

  private BulkRedriveCounts counts = BulkRedriveCounts.of(0);

  @Override
  public BulkRedriveCounts redrive(BulkRedriveInput input) {
    counts = input.counts();
    List<String> ids = input.workflowIds();
    int perRun = input.perRun() > 0 ? input.perRun() : PER_RUN;
    int thisRun = Math.min(ids.size(), perRun);
    for (int from = 0; from < thisRun; from += IN_FLIGHT) {
      signal(ids.subList(from, Math.min(thisRun, from + IN_FLIGHT)));
    }
    if (thisRun < ids.size()) {
      Workflow.continueAsNew(
          new BulkRedriveInput(
              input.tenant(), ids.subList(thisRun, ids.size()), counts, input.perRun()));
    }
    return counts;
  }

  private void signal(List<String> window) {
    var sent = new ArrayList<Promise<Void>>(window.size());
    for (String id : window) {
      var stub = Workflow.newUntypedExternalWorkflowStub(id);
      Object[] args = {new Redrive<>(null)};
      sent.add(Async.procedure(stub::signal, REDRIVE_SIGNAL, args));
    }
    for (Promise<Void> promise : sent) {
      try {
        promise.get();
        counts = counts.plusRedriven();
      } catch (ApplicationFailure e) {
        // the job's workflow has ended (discarded, expired): nothing left to redrive
        counts = NOT_FOUND.equals(e.getType()) ? counts.plusSkipped() : counts.plusFailed();
      } catch (TemporalFailure e) {
        counts = counts.plusFailed();
      }
    }
  }

  @Override
  public BulkRedriveCounts progress() {
    return counts;
  }
}
