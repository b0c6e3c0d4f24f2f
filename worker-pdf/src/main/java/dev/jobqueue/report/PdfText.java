package dev.jobqueue.report;

import java.io.IOException;
import org.apache.pdfbox.pdmodel.font.PDFont;

/** Text as the standard-14 fonts can show it: WinAnsi characters only, cut to a width. */
final class PdfText {
  private static final String ELLIPSIS = "...";

  private PdfText() {}

  /**
   * Replaces what the font cannot encode (emoji, CJK, ...) with {@code ?} and control characters
   * with spaces. Client data is not invalid for containing a character outside WinAnsi; the
   * statement just cannot show it without an embedded font.
   */
  static String printable(String text, PDFont font) {
    if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                out.append(' ');
              } else {
                String glyph = Character.toString(cp);
                out.append(encodable(glyph, font) ? glyph : "?");
              }
            });
    return out.toString();
  }

  private static boolean encodable(String glyph, PDFont font) {
    try {
      font.encode(glyph);
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  static float width(String text, PDFont font, float size) throws IOException {
    return font.getStringWidth(text) / 1000f * size;
  }

  /**
   * {@code text} if it fits in {@code maxWidth}, else its longest prefix that fits with "...".
   * {@code text} must be {@link #printable}.
   */
  static String fit(String text, PDFont font, float size, float maxWidth) throws IOException {
    if (width(text, font, size) <= maxWidth) {
      return text;
    }
    int fits = 0;
    int tooLong = text.length();
    while (tooLong - fits > 1) {
      int mid = (fits + tooLong) >>> 1;
      if (width(text.substring(0, mid) + ELLIPSIS, font, size) <= maxWidth) {
        fits = mid;
      } else {
        tooLong = mid;
      }
    }
    return text.substring(0, fits).stripTrailing() + ELLIPSIS;
  }
}
