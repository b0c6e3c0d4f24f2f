package dev.jobqueue.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Renders one part of a statement into its own PDF file. A part holds a bounded number of pages and
 * reads only its own rows, so memory does not grow with the report; page content goes to a
 * temporary-file stream cache rather than the heap.
 */
final class PartWriter {
  private final ReportJob job;
  private final StatementLayout layout;
  private final RowSource rows;
  private final byte[] documentId;

  PartWriter(ReportJob job, StatementLayout layout, RowSource rows, byte[] documentId) {
    this.job = job;
    this.layout = layout;
    this.rows = rows;
    this.documentId = documentId;
  }

  /**
   * Writes part {@code part}, which starts where {@code before} ends, telling {@code pageDone} the
   * pages done after each page; returns the checkpoint after the part.
   */
  RenderCheckpoint write(int part, RenderCheckpoint before, Path target, IntConsumer pageDone)
      throws IOException {
    int end = layout.pagesAfter(part + 1);
    long[] total = {before.totalCents()};
    ReportStore.write(
        target,
        out -> {
          try (var document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            var fonts = StatementFonts.create();
            var painter = new StatementPainter(fonts, layout, job.title(), job.job());
            for (int page = layout.firstPage(part); page < end; page++) {
              var pdPage = new PDPage(PDRectangle.A4);
              pdPage.setResources(fonts.resources());
              document.addPage(pdPage);
              try (var content = new PDPageContentStream(document, pdPage)) {
                total[0] = paint(painter, content, page, total[0]);
              }
              pageDone.accept(page + 1);
            }
            document.getDocument().setDocumentID(ReportFingerprint.trailerId(documentId));
            // Parts are read once, by the assembly: object streams would only cost time here.
            document.save(out, CompressParameters.NO_COMPRESSION);
          }
        });
    return new RenderCheckpoint(part + 1, layout.firstRow(end), end, total[0]);
  }

  /** Paints {@code page}; returns the running total after it. */
  private long paint(StatementPainter painter, PDPageContentStream content, int page, long total)
      throws IOException {
    if (layout.isSummary(page)) {
      painter.summaryPage(content, page, total);
      return total;
    }
    long first = layout.firstRow(page);
    long end = layout.firstRow(page + 1);
    List<ReportRow> items = new ArrayList<>((int) (end - first));
    long subtotal = 0;
    for (long i = first; i < end; i++) {
      ReportRow row = rows.row(i);
      items.add(row);
      subtotal += row.amountCents();
    }
    painter.itemPage(content, page, items, total, subtotal);
    return total + subtotal;
  }
}
