package dev.jobqueue.report;

import dev.jobqueue.job.JobRef;
import java.io.IOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.util.Matrix;

/**
 * Draws the pages of a statement on A4: a header on every page, then either a table of line items
 * with the page subtotal and the running total, or the closing summary. It only draws; the
 * arithmetic is the caller's, so what a page shows is exactly what the checkpoint carries.
 */
final class StatementPainter {
  private static final float LEFT = 40;
  private static final float RIGHT = 555;
  private static final float DESCRIPTION_X = 100;
  private static final float DESCRIPTION_WIDTH = 245;
  private static final float QUANTITY_RIGHT = 385;
  private static final float UNIT_PRICE_RIGHT = 470;
  private static final float FIRST_ROW_Y = 730;
  private static final float LAST_ROW_MIN_Y = 130;
  private static final float BODY = 9;

  private final StatementFonts fonts;
  private final StatementLayout layout;
  private final String title;
  private final String owner;
  private final float rowHeight;
  private PDFont currentFont;
  private float currentSize;

  StatementPainter(StatementFonts fonts, StatementLayout layout, String title, JobRef job)
      throws IOException {
    this.fonts = fonts;
    this.layout = layout;
    this.title = fit(title == null || title.isBlank() ? "Statement" : title, fonts.bold(), 16, 380);
    this.owner =
        fit(
            "Tenant: " + job.tenant() + "   Job: " + job.jobId(),
            fonts.regular(),
            BODY,
            RIGHT - LEFT);
    int gaps = Math.max(1, layout.rowsPerPage() - 1);
    this.rowHeight = Math.min(15, (FIRST_ROW_Y - LAST_ROW_MIN_Y) / gaps);
  }

  void itemPage(
      PDPageContentStream out, int page, List<ReportRow> rows, long broughtForward, long subtotal)
      throws IOException {
    rule(out, 742);
    rule(out, 118);
    begin(out, page);
    if (page > 0) {
      show(out, fonts.regular(), DESCRIPTION_X, 764, "Brought forward");
      showRight(out, fonts.regular(), RIGHT, 764, Money.format(broughtForward));
    }
    show(out, fonts.bold(), LEFT, 748, "Date");
    show(out, fonts.bold(), DESCRIPTION_X, 748, "Description");
    showRight(out, fonts.bold(), QUANTITY_RIGHT, 748, "Qty");
    showRight(out, fonts.bold(), UNIT_PRICE_RIGHT, 748, "Unit price");
    showRight(out, fonts.bold(), RIGHT, 748, "Amount");
    float y = FIRST_ROW_Y;
    for (ReportRow row : rows) {
      show(out, fonts.regular(), LEFT, y, fit(row.date(), fonts.regular(), BODY, 56));
      show(
          out,
          fonts.regular(),
          DESCRIPTION_X,
          y,
          fit(row.description(), fonts.regular(), BODY, DESCRIPTION_WIDTH));
      showRight(out, fonts.regular(), QUANTITY_RIGHT, y, Money.count(row.quantity()));
      showRight(out, fonts.regular(), UNIT_PRICE_RIGHT, y, Money.format(row.unitPriceCents()));
      showRight(out, fonts.regular(), RIGHT, y, Money.format(row.amountCents()));
      y -= rowHeight;
    }
    show(out, fonts.bold(), DESCRIPTION_X, 104, "Page subtotal");
    showRight(out, fonts.bold(), RIGHT, 104, Money.format(subtotal));
    show(out, fonts.regular(), DESCRIPTION_X, 90, "Carried forward");
    showRight(out, fonts.regular(), RIGHT, 90, Money.format(broughtForward + subtotal));
    out.endText();
  }

  void summaryPage(PDPageContentStream out, int page, long grandTotalCents) throws IOException {
    rule(out, 742);
    begin(out, page);
    show(out, fonts.bold(), LEFT, 748, "Summary");
    show(out, fonts.regular(), DESCRIPTION_X, 716, "Line items");
    showRight(out, fonts.regular(), RIGHT, 716, Money.count(layout.rows()));
    show(out, fonts.regular(), DESCRIPTION_X, 700, "Pages of line items");
    showRight(out, fonts.regular(), RIGHT, 700, Money.count(layout.itemPages()));
    show(out, fonts.bold(), DESCRIPTION_X, 676, "Grand total");
    showRight(out, fonts.bold(), RIGHT, 676, Money.format(grandTotalCents));
    out.endText();
  }

  /** Opens the page's one text object and shows the header every page has. */
  private void begin(PDPageContentStream out, int page) throws IOException {
    out.beginText();
    currentFont = null;
    show(out, fonts.bold(), 16, LEFT, 800, title);
    String pageOf = "Page " + (page + 1) + " of " + layout.totalPages();
    showRight(out, fonts.regular(), RIGHT, 804, pageOf);
    show(out, fonts.regular(), LEFT, 782, owner);
  }

  private void rule(PDPageContentStream out, float y) throws IOException {
    out.setLineWidth(0.5f);
    out.moveTo(LEFT, y);
    out.lineTo(RIGHT, y);
    out.stroke();
  }

  private void showRight(PDPageContentStream out, PDFont font, float right, float y, String text)
      throws IOException {
    show(out, font, BODY, right - PdfText.width(text, font, BODY), y, text);
  }

  private void show(PDPageContentStream out, PDFont font, float x, float y, String text)
      throws IOException {
    show(out, font, BODY, x, y, text);
  }

  private void show(PDPageContentStream out, PDFont font, float size, float x, float y, String text)
      throws IOException {
    if (font != currentFont || size != currentSize) {
      out.setFont(font, size);
      currentFont = font;
      currentSize = size;
    }
    out.setTextMatrix(Matrix.getTranslateInstance(x, y));
    out.showText(text);
  }

  private static String fit(String text, PDFont font, float size, float width) throws IOException {
    return PdfText.fit(PdfText.printable(text, font), font, size, width);
  }
}
