package dev.jobqueue.report;

/**
 * The line items of a report by index. Random access is the point: a render resumed at page 4,000
 * reads from row 160,000 on, without holding or regenerating the rows before it.
 */
interface RowSource {
  long size();

  /** Row {@code index}, 0-based. */
  ReportRow row(long index);

  /** The amount of row {@code index}; sources that can compute it without the text override it. */
  default long amountCents(long index) {
    return row(index).amountCents();
  }

  /** The rows of a validated job. */
  static RowSource of(ReportJob job) {
    return job.rows() != null ? new InlineRows(job.rows()) : new SampleRows(job.sample());
  }
}
