package dev.jobqueue.report;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

/**
 * The two standard-14 fonts a statement uses (never embedded: every reader has them), under fixed
 * resource names. The assembled report carries the parts' content streams unchanged and declares
 * the same names for the same fonts, which is only correct because they are fixed here.
 */
record StatementFonts(PDType1Font regular, PDType1Font bold, PDResources resources) {
  static final String REGULAR_NAME = "F1";
  static final FontName REGULAR_FONT = FontName.HELVETICA;
  static final String BOLD_NAME = "F2";
  static final FontName BOLD_FONT = FontName.HELVETICA_BOLD;

  /** New font objects for one document: PDFBox objects must not be shared across documents. */
  static StatementFonts create() {
    var regular = new PDType1Font(REGULAR_FONT);
    var bold = new PDType1Font(BOLD_FONT);
    var resources = new PDResources();
    resources.put(COSName.getPDFName(REGULAR_NAME), regular);
    resources.put(COSName.getPDFName(BOLD_NAME), bold);
    return new StatementFonts(regular, bold, resources);
  }
}
