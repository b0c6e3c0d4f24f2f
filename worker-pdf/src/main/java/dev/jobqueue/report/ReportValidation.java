package dev.jobqueue.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Rejects a report job no retry could render, before anything touches the store. The API checks the
 * same payload first; this is the last line, for jobs started by other clients or by a redrive with
 * a corrected payload.
 */
final class ReportValidation {
  static final String STATEMENT = "statement";
  static final long MAX_ROWS = 10_000_000;
  static final int MAX_TITLE_LENGTH = 200;

  private ReportValidation() {}

  static void check(ReportJob job) {
    require(job != null && job.job() != null, "the job and its job reference are required");
    require(
        STATEMENT.equals(job.template()),
        "unknown template " + quoted(job.template()) + "; the one there is is \"statement\"");
    require(
        job.title() == null || job.title().length() <= MAX_TITLE_LENGTH,
        "title is longer than " + MAX_TITLE_LENGTH + " characters");
    require(
        (job.rows() == null) != (job.sample() == null),
        "exactly one of rows and sample must be given");
    if (job.sample() != null) {
      long rows = job.sample().rows();
      require(
          rows >= 1 && rows <= MAX_ROWS,
          "sample.rows must be between 1 and " + MAX_ROWS + ", was " + rows);
    } else {
      checkRows(job.rows());
    }
  }

  private static void checkRows(List<ReportRow> rows) {
    require(!rows.isEmpty(), "rows must not be empty");
    require(rows.size() <= MAX_ROWS, "more than " + MAX_ROWS + " rows");
    long total = 0;
    for (int i = 0; i < rows.size(); i++) {
      ReportRow row = rows.get(i);
      String at = "rows[" + i + "]";
      require(row != null, at + " is null");
      require(
          row.date() != null && isIsoDate(row.date()),
          at + ".date must be an ISO date (yyyy-mm-dd), was " + quoted(row.date()));
      require(row.description() != null, at + ".description is required");
      require(row.quantity() >= 0, at + ".quantity must not be negative, was " + row.quantity());
      try {
        total = Math.addExact(total, row.amountCents());
      } catch (ArithmeticException e) {
        throw new InvalidReportException(at + ": the amounts overflow a 64-bit count of cents");
      }
    }
  }

  private static boolean isIsoDate(String date) {
    try {
      LocalDate.parse(date);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : '"' + value + '"';
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidReportException(message);
    }
  }
}
