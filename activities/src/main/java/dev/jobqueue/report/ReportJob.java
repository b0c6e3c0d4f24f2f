package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retry.RetryBudget;
import java.util.List;

/**
 * The input of a report job's workflow and of its render activity. Exactly one of {@code rows} and
 * {@code sample} is set.
 *
 * @param template the layout; {@code statement} is the one there is
 * @param retry the render's retry budget; {@link RetryBudget#DEFAULT} when absent (older inputs)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportJob(
    JobRef job,
    String template,
    String title,
    List<ReportRow> rows,
    SampleData sample,
    RetryBudget retry) {

  public ReportJob {
    rows = rows == null ? null : List.copyOf(rows);
    retry = RetryBudget.orDefault(retry);
  }

  /** With the default budget. */
  public ReportJob(
      JobRef job, String template, String title, List<ReportRow> rows, SampleData sample) {
    this(job, template, title, rows, sample, null);
  }

  /** The number of line items the report will have. */
  public long rowCount() {
    return rows != null ? rows.size() : sample == null ? 0 : sample.rows();
  }
}
