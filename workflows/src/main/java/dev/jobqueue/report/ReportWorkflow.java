package dev.jobqueue.report;

import dev.jobqueue.job.JobSignals;
import dev.jobqueue.job.Redrive;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A {@code pdf} job: one report rendered into the report store. Runs on the {@code pdf} queue. Ends
 * with the report, or null when discarded as a dead letter.
 */
@WorkflowInterface
public interface ReportWorkflow extends JobSignals {
  @WorkflowMethod(name = "ReportJob")
  ReportResult render(ReportJob job);

  /** Renders a dead-lettered report again, optionally from corrected data. */
  @SignalMethod(name = "Redrive")
  void redrive(Redrive<ReportJob> request);
}
