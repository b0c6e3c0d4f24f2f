package dev.jobqueue.pdf;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A {@code pdf} job: one report rendered into the report store. Runs on the {@code pdf} queue. */
@WorkflowInterface
public interface ReportWorkflow {
  @WorkflowMethod(name = "ReportJob")
  ReportResult render(ReportJob job);
}
