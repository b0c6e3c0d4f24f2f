package dev.jobqueue.report;

/** Formats cents as {@code -1,234.56}: integer arithmetic only, so no total is ever rounded. */
final class Money {
  private Money() {}

  static String format(long cents) {
    // Division truncates towards zero, so both parts are safe to negate even for Long.MIN_VALUE.
    long whole = Math.abs(cents / 100);
    int fraction = (int) Math.abs(cents % 100);
    StringBuilder out = new StringBuilder(28);
    if (cents < 0) {
      out.append('-');
    }
    grouped(out, whole);
    return out.append('.')
        .append((char) ('0' + fraction / 10))
        .append((char) ('0' + fraction % 10))
        .toString();
  }

  /** A non-negative count with thousands separators, as on the summary page. */
  static String count(long n) {
    return grouped(new StringBuilder(16), n).toString();
  }

  private static StringBuilder grouped(StringBuilder out, long nonNegative) {
    String digits = Long.toString(nonNegative);
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    out.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      out.append(',').append(digits, i, i + 3);
    }
    return out;
  }
}
