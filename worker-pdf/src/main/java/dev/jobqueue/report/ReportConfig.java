package dev.jobqueue.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the report fleet renders: the {@code reports} group of the worker's configuration. A size
 * left out (or 0) takes its default, so a config file names only what it changes.
 *
 * @param storeDir the report store, shared by every worker of the fleet: finished reports live here
 *     and the parts of unfinished ones under {@code .parts/}, so that a retry on another worker
 *     finds them; with an object store configured, this worker's own scratch directory instead (the
 *     reports and parts are then objects, and nothing stays here between renders)
 * @param rowsPerPage line items per page, at most {@value #MAX_ROWS_PER_PAGE}
 * @param pagesPerPart pages per part file, the checkpoint granularity: a crash loses at most this
 *     much work
 * @param heartbeatEveryPages pages between heartbeats inside a part; keep them a few seconds apart
 *     at most, well inside the activity's heartbeat timeout
 */
public record ReportConfig(
    Path storeDir, int rowsPerPage, int pagesPerPart, int heartbeatEveryPages) {

  public static final int DEFAULT_ROWS_PER_PAGE = 40;
  public static final int DEFAULT_PAGES_PER_PART = 250;
  public static final int DEFAULT_HEARTBEAT_EVERY_PAGES = 50;

  /** The most line items the statement table fits on an A4 page. */
  public static final int MAX_ROWS_PER_PAGE = 50;

  public ReportConfig {
    Objects.requireNonNull(storeDir, "storeDir");
    rowsPerPage = orDefault("rowsPerPage", rowsPerPage, DEFAULT_ROWS_PER_PAGE);
    pagesPerPart = orDefault("pagesPerPart", pagesPerPart, DEFAULT_PAGES_PER_PART);
    heartbeatEveryPages =
        orDefault("heartbeatEveryPages", heartbeatEveryPages, DEFAULT_HEARTBEAT_EVERY_PAGES);
    if (rowsPerPage > MAX_ROWS_PER_PAGE) {
      throw new IllegalArgumentException(
          "rowsPerPage must be at most " + MAX_ROWS_PER_PAGE + ": " + rowsPerPage);
    }
  }

  /** The defaults, storing reports in {@code storeDir}. */
  public static ReportConfig defaults(Path storeDir) {
    return new ReportConfig(storeDir, 0, 0, 0);
  }

  private static int orDefault(String name, int value, int fallback) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value == 0 ? fallback : value;
  }
}
