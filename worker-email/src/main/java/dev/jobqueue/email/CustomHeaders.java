package dev.jobqueue.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headers a payload adds ({@code X-} headers, {@code List-Unsubscribe} and {@code
 * List-Unsubscribe-Post}), as {@link HeaderRules} accepted them: names that cannot collide with a
 * header we set, values that cannot end their line. Either a header comes out exactly as asked, or
 * the job was refused before it got here.
 */
final class CustomHeaders {
  private CustomHeaders() {}

  static void set(MimeMessage message, Map<String, String> headers) throws MessagingException {
    // sorted, so that the same job always renders the same bytes
    for (var header : new TreeMap<>(headers).entrySet()) {
      // added, not set: X-Tag and x-tag are two fields, which setHeader would fold into one
      message.addHeader(header.getKey(), encode(header.getKey(), header.getValue()));
    }
  }

  private static String encode(String name, String value) {
    try {
      // RFC 2047-encode anything non-ASCII, then fold: the result is 7-bit and within line limits
      return MimeUtility.fold(
          name.length() + 2, MimeUtility.encodeText(value, StandardCharsets.UTF_8.name(), null));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }
}
