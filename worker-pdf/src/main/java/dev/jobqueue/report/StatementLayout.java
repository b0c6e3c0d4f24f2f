package dev.jobqueue.report;

/**
 * Where every row, page and part of a statement falls. All of it follows from the row count, so the
 * total page count is known before the first page is drawn ("Page 1 of N"), and a checkpoint can be
 * checked against it. Pages and parts are 0-based here; only the printed page number is not.
 */
record StatementLayout(long rows, int rowsPerPage, int pagesPerPart) {

  StatementLayout {
    if (rows < 1 || rowsPerPage < 1 || pagesPerPart < 1) {
      throw new IllegalArgumentException(
          "rows, rowsPerPage and pagesPerPart must be positive: " + this);
    }
  }

  static StatementLayout of(long rows, ReportConfig config) {
    return new StatementLayout(rows, config.rowsPerPage(), config.pagesPerPart());
  }

  /** Pages of line items; a summary page follows them. */
  int itemPages() {
    return Math.toIntExact(Math.ceilDiv(rows, rowsPerPage));
  }

  int totalPages() {
    return itemPages() + 1;
  }

  int parts() {
    return Math.ceilDiv(totalPages(), pagesPerPart);
  }

  int firstPage(int part) {
    return Math.toIntExact((long) part * pagesPerPart);
  }

  /** The pages done once {@code parts} parts are. */
  int pagesAfter(int parts) {
    return (int) Math.min((long) parts * pagesPerPart, totalPages());
  }

  boolean isSummary(int page) {
    return page == totalPages() - 1;
  }

  /** The first row of {@code page}, or of the rows after all item pages. */
  long firstRow(int page) {
    return Math.min((long) page * rowsPerPage, rows);
  }

  /** Whether a checkpoint is one this layout can produce, i.e. taken with the same settings. */
  boolean fits(RenderCheckpoint checkpoint) {
    return checkpoint.partsDone() >= 0
        && checkpoint.partsDone() <= parts()
        && checkpoint.pagesDone() == pagesAfter(checkpoint.partsDone())
        && checkpoint.rowsDone() == firstRow(checkpoint.pagesDone());
  }
}
