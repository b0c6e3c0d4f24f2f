package dev.jobqueue.report;

/**
 * Rejects a report job no retry could render, before anything touches the store: the rules the API
 * applied first ({@link ReportRules}), again, for jobs started by other clients or redriven with a
 * corrected payload.
 */
final class ReportValidation {
  private ReportValidation() {}

  /**
   * @throws InvalidReportException naming the first field at fault
   */
  static void check(ReportJob job) {
    if (job == null || job.job() == null) {
      throw new InvalidReportException("job: the job and its job reference are required");
    }
    var first = new StringBuilder();
    ReportRules.check(
        job,
        "",
        (field, message) -> {
          if (first.isEmpty()) {
            first.append(field).append(": ").append(message);
          }
        });
    if (!first.isEmpty()) {
      throw new InvalidReportException(first.toString());
    }
  }
}
