package dev.jobqueue.report;

import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.JobWorkflowBase;
import io.temporal.workflow.Workflow;

public class ReportWorkflowImpl extends JobWorkflowBase<ReportJob, ReportResult>
    implements ReportWorkflow {
  private final ReportActivities compensation =
      Workflow.newActivityStub(ReportActivities.class, JobActivityOptions.COMPENSATE_REPORT);

  @Override
  public ReportResult render(ReportJob job) {
    // a report given up on leaves nothing behind: no partial file, no parts
    return live(JobType.PDF, job.job(), job, ReportWorkflowImpl::renderOnce, this::removeReport);
  }

  /** One render, on the job's own retry budget (a corrected redrive brings its own). */
  private static ReportResult renderOnce(ReportJob job) {
    var options = JobActivityOptions.withBudget(JobActivityOptions.RENDER_REPORT, job.retry());
    return Workflow.newActivityStub(ReportActivities.class, options).renderReport(job);
  }

  private void removeReport(ReportJob job) {
    compensation.discardReport(job);
  }
}
