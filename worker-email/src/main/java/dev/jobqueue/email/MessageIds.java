package dev.jobqueue.email;

import dev.jobqueue.job.JobRef;
import java.nio.charset.StandardCharsets;

/**
 * The {@code Message-ID} of a job's message: {@code <tenant.jobId@domain>}. The same job always
 * gets the same id, so a message delivered twice (activities run at least once) is recognisable
 * downstream, and two jobs never share one.
 *
 * <p>Both parts are percent-encoded over {@code [A-Za-z0-9_-]}, which keeps the usual (URL-safe)
 * ids readable, makes the dot an unambiguous separator ({@code a.b/c} and {@code a/b.c} differ) and
 * leaves nothing outside RFC 5322's dot-atom, nor anything a file name would trip on.
 */
public final class MessageIds {
  /** A header line is at most 998 characters; leave room for "Message-ID: ". */
  static final int MAX_LENGTH = 980;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private MessageIds() {}

  /**
   * The id for {@code job}, angle brackets included, as the header carries it.
   *
   * @throws IllegalArgumentException if the tenant or job id is empty or the result too long
   */
  public static String of(JobRef job, String domain) {
    if (job.tenant().isEmpty() || job.jobId().isEmpty()) {
      throw new IllegalArgumentException("tenant and jobId must not be empty");
    }
    String id = "<" + encode(job.tenant()) + "." + encode(job.jobId()) + "@" + domain + ">";
    if (id.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("tenant and jobId too long for a Message-ID");
    }
    return id;
  }

  static String encode(String s) {
    var out = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        out.append(c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
