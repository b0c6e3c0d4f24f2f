package dev.jobqueue.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code X-} headers a payload may add. Only names that cannot collide with a header we set,
 * only values that cannot end their line: either a header comes out exactly as asked, or the job is
 * refused.
 */
final class CustomHeaders {
  static final int MAX_VALUE = 998;
  // X- and then an RFC 9110 token: letters, digits and a few marks, no colon, no space
  private static final Pattern NAME = Pattern.compile("[Xx]-[A-Za-z0-9!#$%&'*+.^_`|~-]{1,72}");

  private CustomHeaders() {}

  static void set(MimeMessage message, Map<String, String> headers)
      throws InvalidMessageException, MessagingException {
    // sorted, so that the same job always renders the same bytes
    var sorted = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    for (var header : headers.entrySet()) {
      String name = header.getKey();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidMessageException(
            "headers",
            "only X- headers with token names are allowed, not "
                + Text.quote(String.valueOf(name)));
      }
      if (sorted.containsKey(name)) {
        throw new InvalidMessageException("headers." + name, "given twice (names ignore case)");
      }
      sorted.put(name, header.getValue());
    }
    for (var header : sorted.entrySet()) {
      message.setHeader(header.getKey(), encode(header.getKey(), header.getValue()));
    }
  }

  private static String encode(String name, String value) throws InvalidMessageException {
    String field = "headers." + name;
    if (value == null) {
      throw new InvalidMessageException(field, "must have a value");
    }
    if (Text.hasControlCharacters(value)) {
      throw new InvalidMessageException(
          field, "must not contain line breaks or control characters: " + Text.quote(value));
    }
    if (value.length() > MAX_VALUE) {
      throw new InvalidMessageException(field, "at most " + MAX_VALUE + " characters");
    }
    try {
      // RFC 2047-encode anything non-ASCII, then fold: the result is 7-bit and within line limits
      return MimeUtility.fold(
          name.length() + 2, MimeUtility.encodeText(value, StandardCharsets.UTF_8.name(), null));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }
}
