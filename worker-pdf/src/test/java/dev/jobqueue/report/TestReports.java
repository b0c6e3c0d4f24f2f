package dev.jobqueue.report;

import dev.jobqueue.job.JobRef;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Jobs to render and independent ways to check what came out. */
final class TestReports {
  static final String TENANT = "acme";
  static final String TITLE = "March statement";

  private TestReports() {}

  static ReportJob sample(String jobId, long rows, long seed) {
    return new ReportJob(
        new JobRef(jobId, TENANT), "statement", TITLE, null, new SampleData(rows, seed));
  }

  static ReportJob inline(String jobId, List<ReportRow> rows) {
    return new ReportJob(new JobRef(jobId, TENANT), "statement", TITLE, rows, null);
  }

  /** A small store layout: 40 rows a page, parts of 10 pages, a heartbeat every 4 pages. */
  static ReportConfig smallParts(Path storeDir) {
    return new ReportConfig(storeDir, 40, 10, 4);
  }

  /** Money as the JDK formats it, not as {@link Money} does. */
  static String money(long cents) {
    return String.format(Locale.US, "%,.2f", BigDecimal.valueOf(cents, 2));
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(in.readAllBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The text of page {@code page} (1-based). */
  static String pageText(PDDocument document, int page) throws IOException {
    var stripper = new PDFTextStripper();
    stripper.setStartPage(page);
    stripper.setEndPage(page);
    return stripper.getText(document);
  }

  /** Every file under {@code dir}, relative to it; empty when it does not exist. */
  static List<String> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).toList();
    }
  }
}
