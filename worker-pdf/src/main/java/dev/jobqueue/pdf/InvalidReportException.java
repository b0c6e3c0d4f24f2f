package dev.jobqueue.pdf;

/** The job's data cannot be rendered; becomes a non-retryable {@code InvalidReportData}. */
final class InvalidReportException extends RuntimeException {
  InvalidReportException(String message) {
    super(message);
  }
}
