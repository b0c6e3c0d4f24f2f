package dev.jobqueue.report;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSString;

/**
 * A digest of everything that decides a report's bytes: the job, its data and the layout. It is the
 * trailer {@code /ID} of the report and of its parts (PDFBox would otherwise derive one from the
 * clock), so the same job always yields the same file; and a report already in the store whose
 * {@code /ID} matches is the one this job would render, so a retry can take it as it is.
 */
final class ReportFingerprint {
  private static final String VERSION = "jobqueue-statement-v1";

  private ReportFingerprint() {}

  /** The 16-byte document id of the job's report. */
  static byte[] of(ReportJob job, RowSource rows, int rowsPerPage) {
    MessageDigest sha = sha256();
    var digesting = new DigestOutputStream(OutputStream.nullOutputStream(), sha);
    try (var out = new DataOutputStream(digesting)) {
      string(out, VERSION);
      string(out, job.job().tenant());
      string(out, job.job().jobId());
      string(out, job.template());
      string(out, job.title());
      out.writeInt(rowsPerPage);
      if (job.sample() != null) {
        string(out, "sample");
        out.writeLong(job.sample().rows());
        out.writeLong(job.sample().seed());
      } else {
        string(out, "rows");
        out.writeLong(rows.size());
        for (long i = 0; i < rows.size(); i++) {
          ReportRow row = rows.row(i);
          string(out, row.date());
          string(out, row.description());
          out.writeLong(row.quantity());
          out.writeLong(row.unitPriceCents());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: the stream writes nowhere", e);
    }
    return Arrays.copyOf(sha.digest(), 16);
  }

  /** The trailer {@code /ID} array: both halves the same, as for a file never updated. */
  static COSArray trailerId(byte[] id) {
    var array = new COSArray();
    array.add(new COSString(id, true));
    array.add(new COSString(id, true));
    return array;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Length-prefixed, so that no two different field sequences digest the same bytes. */
  private static void string(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
