package dev.jobqueue.rules;

import java.nio.charset.StandardCharsets;

/** Measures and checks of client strings, the way every limit means them. */
public final class Text {
  private Text() {}

  /**
   * True if {@code s} holds a line break or another control character (a tab is allowed). A header
   * value that holds none cannot start a new header: header injection is impossible by
   * construction.
   */
  public static boolean hasControlCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** Characters as a reader counts them: code points, not UTF-16 units. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** The UTF-8 size of {@code s}; 0 for null. */
  public static long utf8Bytes(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  public static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
