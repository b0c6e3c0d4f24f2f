package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One line item of a statement. Money is in cents so that totals are exact. The numbers are boxed
 * so that a missing one is told from a zero ({@link ReportRules} requires both).
 *
 * @param date ISO date of the item
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRow(String date, String description, Long quantity, Long unitPriceCents) {
  public ReportRow(String date, String description, long quantity, long unitPriceCents) {
    this(date, description, Long.valueOf(quantity), Long.valueOf(unitPriceCents));
  }

  /** quantity × unit price; only for a row {@link ReportRules} accepted. */
  public long amountCents() {
    return Math.multiplyExact(quantity, unitPriceCents);
  }
}
