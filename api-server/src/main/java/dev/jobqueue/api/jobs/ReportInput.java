package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportRow;
import dev.jobqueue.report.SampleData;
import dev.jobqueue.retry.RetryBudget;
import java.util.List;

/** A validated report: exactly one of {@code rows} and {@code sample} is set. */
public record ReportInput(String template, String title, List<ReportRow> rows, SampleData sample)
    implements JobInput {
  @Override
  public JobType type() {
    return JobType.PDF;
  }

  public ReportJob job(JobRef ref, RetryBudget retry) {
    return new ReportJob(ref, template, title, rows, sample, retry);
  }
}
