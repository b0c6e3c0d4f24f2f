package dev.jobqueue.report;

import dev.jobqueue.rules.Problems;
import dev.jobqueue.rules.Text;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The spec's limits on a report, written once: the API checks a request with them before a job
 * exists, and the report fleet checks every job again before it touches the store (a job may come
 * from another client, or from a redrive with a corrected payload). Field names are the payload's,
 * relative to {@code at}.
 */
public final class ReportRules {
  public static final String STATEMENT = "statement";
  public static final int MAX_TITLE = 200;

  /** Generated or inline line items in one report. */
  public static final long MAX_ROWS = 10_000_000;

  private ReportRules() {}

  /** Every rule, for the report whose fields are under {@code at}. */
  public static void check(
      String template,
      String title,
      List<ReportRow> rows,
      SampleData sample,
      String at,
      Problems p) {
    p.check(
        STATEMENT.equals(template),
        at + "template",
        "must be \"" + STATEMENT + "\", the one template there is");
    if (title != null) {
      p.check(
          Text.length(title) <= MAX_TITLE,
          at + "title",
          "at most " + MAX_TITLE + " characters, not " + Text.length(title));
      p.check(
          !Text.hasControlCharacters(title),
          at + "title",
          "must not contain line breaks or control characters");
    }
    if (p.check(
        (rows == null) != (sample == null), at + "rows", "give exactly one of rows and sample")) {
      if (sample != null) {
        p.check(
            sample.rows() >= 1 && sample.rows() <= MAX_ROWS,
            at + "sample.rows",
            "required: 1 to " + MAX_ROWS);
      } else {
        rows(rows, at + "rows", p);
      }
    }
  }

  /** {@link #check(String, String, List, SampleData, String, Problems)} of a job's input. */
  public static void check(ReportJob job, String at, Problems p) {
    check(job.template(), job.title(), job.rows(), job.sample(), at, p);
  }

  private static void rows(List<ReportRow> rows, String field, Problems p) {
    p.check(!rows.isEmpty(), field, "must hold at least one row (or use sample)");
    p.check(rows.size() <= MAX_ROWS, field, "at most " + MAX_ROWS + " rows");
    long total = 0;
    for (int i = 0; i < rows.size(); i++) {
      String at = field + "[" + i + "]";
      ReportRow row = rows.get(i);
      if (!p.check(row != null, at, "must be an object, not null")) {
        continue;
      }
      p.check(isIsoDate(row.date()), at + ".date", "required: an ISO date such as 2026-01-31");
      if (p.check(row.description() != null, at + ".description", "required")) {
        p.check(
            !Text.hasControlCharacters(row.description()),
            at + ".description",
            "must not contain line breaks or control characters");
      }
      p.check(
          row.quantity() != null && row.quantity() >= 0,
          at + ".quantity",
          "required: an integer of at least 0");
      p.check(row.unitPriceCents() != null, at + ".unitPriceCents", "required: an integer");
      if (row.quantity() != null && row.unitPriceCents() != null) {
        try {
          total = Math.addExact(total, row.amountCents());
        } catch (ArithmeticException e) {
          p.add(at, "the amounts overflow a 64-bit count of cents");
        }
      }
    }
  }

  private static boolean isIsoDate(String date) {
    // four-digit years only, as RFC 3339 full-date (and the OpenAPI document) has them
    if (date == null || !date.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      return false;
    }
    try {
      LocalDate.parse(date);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
