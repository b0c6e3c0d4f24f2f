package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.report.ReportRow;
import dev.jobqueue.report.SampleData;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The spec's limits on a report, checked before a job exists; the same rules the worker applies, so
 * that what the API accepts renders.
 */
final class PdfRules {
  static final String STATEMENT = "statement";
  static final int MAX_TITLE = 200;
  static final long MAX_SAMPLE_ROWS = 10_000_000;

  private PdfRules() {}

  /** The report, or null if anything (here or before) was wrong: {@code v} says what. */
  static ReportInput check(PdfPayload p, Violations v) {
    String at = "payload.";
    v.check(
        STATEMENT.equals(p.template()),
        at + "template",
        "must be \"" + STATEMENT + "\", the one template there is");
    if (p.title() != null) {
      v.check(
          Text.length(p.title()) <= MAX_TITLE,
          at + "title",
          "at most " + MAX_TITLE + " characters, not " + Text.length(p.title()));
      v.check(
          !Text.hasControlCharacters(p.title()),
          at + "title",
          "must not contain line breaks or control characters");
    }
    List<ReportRow> rows = null;
    SampleData sample = null;
    if (v.check(
        (p.rows() == null) != (p.sample() == null),
        at + "rows",
        "give exactly one of rows and sample")) {
      rows = p.rows() == null ? null : rows(p.rows(), at + "rows", v);
      sample = p.sample() == null ? null : sample(p.sample(), at + "sample", v);
    }
    return v.isEmpty() ? new ReportInput(p.template(), p.title(), rows, sample) : null;
  }

  private static List<ReportRow> rows(List<PdfRow> rows, String field, Violations v) {
    v.check(!rows.isEmpty(), field, "must hold at least one row (or use sample)");
    var out = new ArrayList<ReportRow>(rows.size());
    long total = 0;
    for (int i = 0; i < rows.size(); i++) {
      String at = field + "[" + i + "]";
      PdfRow row = rows.get(i);
      if (!v.check(row != null, at, "must be an object, not null")) {
        continue;
      }
      v.check(isIsoDate(row.date()), at + ".date", "required: an ISO date such as 2026-01-31");
      v.check(row.description() != null, at + ".description", "required");
      if (row.description() != null) {
        v.check(
            !Text.hasControlCharacters(row.description()),
            at + ".description",
            "must not contain line breaks or control characters");
      }
      v.check(
          row.quantity() != null && row.quantity() >= 0,
          at + ".quantity",
          "required: an integer of at least 0");
      v.check(row.unitPriceCents() != null, at + ".unitPriceCents", "required: an integer");
      if (row.quantity() != null && row.unitPriceCents() != null) {
        try {
          total = Math.addExact(total, Math.multiplyExact(row.quantity(), row.unitPriceCents()));
        } catch (ArithmeticException e) {
          v.add(at, "the amounts overflow a 64-bit count of cents");
        }
        out.add(new ReportRow(row.date(), row.description(), row.quantity(), row.unitPriceCents()));
      }
    }
    return out;
  }

  private static SampleData sample(PdfSample sample, String field, Violations v) {
    v.check(
        sample.rows() != null && sample.rows() >= 1 && sample.rows() <= MAX_SAMPLE_ROWS,
        field + ".rows",
        "required: 1 to " + MAX_SAMPLE_ROWS);
    long rows = sample.rows() == null ? 0 : sample.rows();
    return new SampleData(rows, sample.seed() == null ? 0 : sample.seed());
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
