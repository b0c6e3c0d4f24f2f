package dev.jobqueue.api.jobs;

import dev.jobqueue.report.ReportResult;

/**
 * A finished report as the status document shows it: what the PDF holds and where to fetch it, not
 * where the store keeps it.
 */
public record ReportSummary(
    int pages,
    long bytes,
    String sha256,
    long rows,
    long totalCents,
    int resumedFromPage,
    String download) {

  static ReportSummary of(ReportResult result, String download) {
    return new ReportSummary(
        result.pages(),
        result.bytes(),
        result.sha256(),
        result.rows(),
        result.totalCents(),
        result.resumedFromPage(),
        download);
  }
}
