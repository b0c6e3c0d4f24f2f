package dev.jobqueue.pdf;

import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.job.JobType;
import io.temporal.workflow.Workflow;

public class ReportWorkflowImpl implements ReportWorkflow {
  private final ReportActivities reports =
      Workflow.newActivityStub(ReportActivities.class, JobActivityOptions.RENDER_REPORT);

  @Override
  public ReportResult render(ReportJob job) {
    return JobLifecycle.begin(JobType.PDF, job.job()).run(() -> reports.renderReport(job));
  }
}
