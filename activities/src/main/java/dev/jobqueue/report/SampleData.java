package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Asks for {@code rows} generated line items; the same seed always gives the same rows.
 *
 * @param rows 1 to {@link ReportRules#MAX_ROWS}; 0 when it was not given, which the rules refuse
 * @param seed 0 when not given
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SampleData(long rows, long seed) {
  /** Read from JSON, where either number may be left out. */
  @JsonCreator
  static SampleData read(@JsonProperty("rows") Long rows, @JsonProperty("seed") Long seed) {
    return new SampleData(rows == null ? 0 : rows, seed == null ? 0 : seed);
  }
}
