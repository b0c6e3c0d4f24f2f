package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One line item of a statement. Money is in cents so that totals are exact.
 *
 * @param date ISO date of the item
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRow(String date, String description, long quantity, long unitPriceCents) {
  public long amountCents() {
    return Math.multiplyExact(quantity, unitPriceCents);
  }
}
