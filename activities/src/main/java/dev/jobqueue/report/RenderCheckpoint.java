package dev.jobqueue.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The last part of a report that is safely on disk: a retry starts after it.
 *
 * @param partsDone parts written and renamed into place
 * @param rowsDone line items in those parts
 * @param pagesDone pages in those parts
 * @param totalCents the running total carried into the next part
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RenderCheckpoint(int partsDone, long rowsDone, int pagesDone, long totalCents) {
  public static final RenderCheckpoint START = new RenderCheckpoint(0, 0, 0, 0);
}
