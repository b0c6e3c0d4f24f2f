package dev.jobqueue.api.jobs;

import java.nio.charset.StandardCharsets;

/** Measures of client strings, counted the way the limits mean them. */
final class Text {
  private Text() {}

  /** Line breaks and other control characters (tab is allowed): what could split a header. */
  static boolean hasControlCharacters(String s) {
    return s.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
  }

  /** Characters as a reader counts them (code points, not UTF-16 units). */
  static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  static long utf8Bytes(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
