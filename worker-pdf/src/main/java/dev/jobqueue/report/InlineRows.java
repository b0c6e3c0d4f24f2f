package dev.jobqueue.report;

import java.util.List;

/** The rows a client sent with the job: at most 1 MiB of them, so a list is fine. */
record InlineRows(List<ReportRow> rows) implements RowSource {
  @Override
  public long size() {
    return rows.size();
  }

  @Override
  public ReportRow row(long index) {
    return rows.get(Math.toIntExact(index));
  }
}
