package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/** A {@code pdf} job's payload: a template and its data, inline rows or generated sample rows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportPayload(String template, String title, List<Row> rows, Sample sample) {
  public static final String STATEMENT = "statement";

  /** A billing statement of the rows given. */
  public static ReportPayload statement(String title, List<Row> rows) {
    return new ReportPayload(STATEMENT, title, List.copyOf(rows), null);
  }

  /** A billing statement of {@code rows} generated rows: the same seed, the same rows. */
  public static ReportPayload sampleStatement(String title, int rows, long seed) {
    return new ReportPayload(STATEMENT, title, null, new Sample(rows, seed));
  }

  /** One line item. */
  public record Row(LocalDate date, String description, long quantity, long unitPriceCents) {}

  public record Sample(int rows, long seed) {}
}
