package dev.jobqueue.email;

/** Strings for messages about mail: values quoted, relay replies on one line. */
final class SmtpText {
  private static final int QUOTE_LIMIT = 80;

  private SmtpText() {}

  /**
   * {@code s} quoted for an error message: control characters visible, long values cut, so that a
   * hostile value shows what it tried without spilling into the log line.
   */
  static String quote(String s) {
    var out = new StringBuilder("\"");
    int end = Math.min(s.length(), QUOTE_LIMIT);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '"' -> out.append("\\\"");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append("\\u%04x".formatted((int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    return s.length() > end ? out.append("...").toString() : out.toString();
  }

  /** A relay's reply on one line, as the API shows it ({@code "451 4.3.0 try later"}). */
  static String oneLine(String reply) {
    return reply == null ? "" : reply.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
