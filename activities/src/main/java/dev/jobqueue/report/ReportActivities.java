package dev.jobqueue.report;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the report fleet. */
@ActivityInterface
public interface ReportActivities {
  /**
   * Renders the report in parts, heartbeating {@link RenderProgress} after every batch of pages,
   * resumes from the checkpoint of an earlier attempt, and moves the finished file into the store
   * atomically. Fails with {@code InvalidReportData} (not retried) or {@code
   * ReportStoreUnavailable}.
   */
  @ActivityMethod(name = "RenderReport")
  ReportResult renderReport(ReportJob job);

  /**
   * Compensation for a report given up on: removes its finished file and its parts, whatever state
   * an interrupted render left them in. Idempotent: removing what is gone succeeds.
   */
  @ActivityMethod(name = "DiscardReport")
  void discardReport(ReportJob job);
}
