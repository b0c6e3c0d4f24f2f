package dev.jobqueue.report;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * Writes the finished report from its parts as one PDF, streaming. PDFBox keeps a whole document in
 * memory (at least a 4 KiB buffer per content stream, ~150 MiB for 25,000 pages), so neither
 * PDFMergerUtility nor a PDDocument of all pages keeps memory bounded. Every page of a statement is
 * the same shape, though: a media box, the two shared fonts and one content stream. So this copies
 * each part page's compressed content stream as it is, writes the few objects around it, and holds
 * one part open and one offset per object, whatever the length of the report. Object numbers follow
 * from the page number and nothing is dated, so the same pages always give the same bytes.
 */
final class ReportAssembler {
  private static final int CATALOG = 1;
  private static final int PAGES = 2;
  private static final int REGULAR = 3;
  private static final int BOLD = 4;
  private static final int RESOURCES = 5;
  private static final int FIRST_PAGE = 6;
  private static final Pattern ID = Pattern.compile("/ID\\s*\\[\\s*<([0-9A-Fa-f]+)>");

  private final Position out;
  private final int pages;
  private final long[] offsets;

  private ReportAssembler(OutputStream out, int pages) {
    this.out = new Position(out);
    this.pages = pages;
    this.offsets = new long[FIRST_PAGE + 2 * pages];
  }

  /** Writes the pages of {@code parts}, which must be {@code pages} pages, to {@code target}. */
  static void assemble(
      List<Path> parts, int pages, byte[] documentId, Path target, IntConsumer pageDone)
      throws IOException {
    ReportStore.write(
        target, out -> new ReportAssembler(out, pages).write(parts, documentId, pageDone));
  }

  /** The first half of the trailer {@code /ID} of a report this class wrote, or null. */
  static byte[] documentId(Path report) throws IOException {
    try (var file = new RandomAccessFile(report.toFile(), "r")) {
      int tail = (int) Math.min(file.length(), 1024);
      byte[] bytes = new byte[tail];
      file.seek(file.length() - tail);
      file.readFully(bytes);
      var id = ID.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
      return id.find() ? HexFormat.of().parseHex(id.group(1)) : null;
    }
  }

  private void write(List<Path> parts, byte[] documentId, IntConsumer pageDone) throws IOException {
    text("%PDF-1.4\n");
    out.write(new byte[] {'%', (byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3, '\n'});
    object(CATALOG, "<< /Type /Catalog /Pages " + PAGES + " 0 R >>");
    begin(PAGES);
    text("<< /Type /Pages /Count " + pages + " /Kids [");
    for (int page = 0; page < pages; page++) {
      text((page % 10 == 0 ? "\n" : " ") + pageObject(page) + " 0 R");
    }
    text(" ] >>");
    end();
    object(REGULAR, font(StatementFonts.REGULAR_FONT.getName()));
    object(BOLD, font(StatementFonts.BOLD_FONT.getName()));
    object(
        RESOURCES,
        "<< /Font << /"
            + StatementFonts.REGULAR_NAME
            + " "
            + REGULAR
            + " 0 R /"
            + StatementFonts.BOLD_NAME
            + " "
            + BOLD
            + " 0 R >> >>");
    int page = 0;
    for (Path part : parts) {
      try (var source = Loader.loadPDF(part.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
        for (PDPage sourcePage : source.getPages()) {
          if (page == pages) {
            throw new IOException("the parts hold more than the report's " + pages + " pages");
          }
          page(page, sourcePage);
          pageDone.accept(++page);
        }
      }
    }
    if (page != pages) {
      throw new IOException("the parts hold " + page + " pages, the report has " + pages);
    }
    trailer(documentId);
  }

  private void page(int page, PDPage source) throws IOException {
    COSStream contents = source.getCOSObject().getCOSStream(COSName.CONTENTS);
    if (contents == null) {
      throw new IOException("a part page without exactly one content stream: not one of ours");
    }
    byte[] data;
    try (InputStream in = contents.createRawInputStream()) {
      data = in.readAllBytes();
    }
    String filter =
        switch (contents.getFilters()) {
          case null -> "";
          case COSName name -> " /Filter /" + name.getName();
          default -> throw new IOException("a part page with a filter chain: not one of ours");
        };
    PDRectangle box = source.getMediaBox();
    int number = pageObject(page);
    String mediaBox =
        real(box.getLowerLeftX())
            + " "
            + real(box.getLowerLeftY())
            + " "
            + real(box.getUpperRightX())
            + " "
            + real(box.getUpperRightY());
    object(
        number,
        "<< /Type /Page /Parent "
            + PAGES
            + " 0 R /MediaBox ["
            + mediaBox
            + "] /Resources "
            + RESOURCES
            + " 0 R /Contents "
            + (number + 1)
            + " 0 R >>");
    begin(number + 1);
    text("<< /Length " + data.length + filter + " >>\nstream\n");
    out.write(data);
    text("\nendstream");
    end();
  }

  private void trailer(byte[] documentId) throws IOException {
    long xref = out.position;
    text("xref\n0 " + offsets.length + "\n0000000000 65535 f\r\n");
    for (int number = 1; number < offsets.length; number++) {
      String offset = Long.toString(offsets[number]);
      text("0".repeat(10 - offset.length()) + offset + " 00000 n\r\n");
    }
    String id = HexFormat.of().withUpperCase().formatHex(documentId);
    text(
        "trailer\n<< /Size "
            + offsets.length
            + " /Root "
            + CATALOG
            + " 0 R /ID [<"
            + id
            + "> <"
            + id
            + ">] >>\nstartxref\n"
            + xref
            + "\n%%EOF\n");
  }

  private static int pageObject(int page) {
    return FIRST_PAGE + 2 * page;
  }

  private static String font(String baseFont) {
    return "<< /Type /Font /Subtype /Type1 /BaseFont /"
        + baseFont
        + " /Encoding /WinAnsiEncoding >>";
  }

  private static String real(float value) {
    return new BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
  }

  private void object(int number, String body) throws IOException {
    begin(number);
    text(body);
    end();
  }

  private void begin(int number) throws IOException {
    offsets[number] = out.position;
    text(number + " 0 obj\n");
  }

  private void end() throws IOException {
    text("\nendobj\n");
  }

  private void text(String ascii) throws IOException {
    out.write(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  /** Counts the bytes written: the cross-reference table needs every object's offset. */
  private static final class Position extends FilterOutputStream {
    long position;

    Position(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      position += len;
    }
  }
}
