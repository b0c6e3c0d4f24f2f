package dev.jobqueue.report;

/** The job's data cannot be rendered; becomes a non-retryable {@code InvalidReportData}. */
final class InvalidReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InvalidReportException(String message) {
    super(message);
  }
}
