package dev.jobqueue.report;

import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import io.temporal.workflow.Workflow;

public class ReportWorkflowImpl implements ReportWorkflow {
  private final ReportActivities compensation =
      Workflow.newActivityStub(ReportActivities.class, JobActivityOptions.COMPENSATE_REPORT);
  private JobLifecycle<ReportJob, ReportResult> lifecycle;

  @Override
  public ReportResult render(ReportJob job) {
    lifecycle = JobLifecycle.begin(JobType.PDF, job.job());
    // a report given up on leaves nothing behind: no partial file, no parts
    return lifecycle.run(job, ReportWorkflowImpl::renderOnce, compensation::discardReport);
  }

  /** One render, on the job's own retry budget (a corrected redrive brings its own). */
  private static ReportResult renderOnce(ReportJob job) {
    var options = JobActivityOptions.withBudget(JobActivityOptions.RENDER_REPORT, job.retry());
    return Workflow.newActivityStub(ReportActivities.class, options).renderReport(job);
  }

  @Override
  public void attemptFailed(AttemptError error) {
    lifecycleStarted().attemptFailed(error);
  }

  @Override
  public void redrive(Redrive<ReportJob> request) {
    lifecycleStarted().redrive(request);
  }

  @Override
  public void discard(Discard request) {
    lifecycleStarted().discard(request);
  }

  /** Signals can arrive in the same task as the start: wait until the job is under way. */
  private JobLifecycle<ReportJob, ReportResult> lifecycleStarted() {
    Workflow.await(() -> lifecycle != null);
    return lifecycle;
  }
}
