package dev.jobqueue.api.jobs;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date-times as RFC 3339 §5.6 writes them, which is what {@code "format": "date-time"} means in the
 * API document: {@code T} and {@code Z} in either case, any number of fraction digits (kept to the
 * nanosecond), a leap second's {@code :60} (read as the last instant of its minute), and any offset
 * up to ±23:59 (Java's own offsets stop at ±18:00).
 */
public final class DateTimes {
  private static final Pattern RFC_3339 =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}:\\d{2}):(\\d{2})(?:\\.(\\d+))?"
              + "(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

  private DateTimes() {}

  /**
   * The instant {@code text} names.
   *
   * @throws DateTimeParseException if it is not an RFC 3339 date-time, or names no real date
   */
  public static Instant parse(String text) {
    Matcher m = RFC_3339.matcher(text);
    if (!m.matches()) {
      throw new DateTimeParseException("not an RFC 3339 date-time", text, 0);
    }
    boolean leap = m.group(3).equals("60");
    String fraction = m.group(4) == null ? "" : m.group(4);
    fraction = leap ? "999999999" : (fraction + "000000000").substring(0, 9);
    LocalDateTime local =
        LocalDateTime.parse(
            m.group(1) + "T" + m.group(2) + ":" + (leap ? "59" : m.group(3)) + "." + fraction);
    int offsetSeconds = 0;
    if (m.group(5) == null) {
      int hours = Integer.parseInt(m.group(7));
      int minutes = Integer.parseInt(m.group(8));
      if (hours > 23 || minutes > 59) {
        throw new DateTimeParseException("offset out of range", text, m.start(6));
      }
      offsetSeconds = (m.group(6).equals("-") ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    return local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
  }

  /** Like {@link #parse}, for messages: the form a 400 asks for. */
  public static final String RULE =
      "must be an RFC 3339 date-time with an offset, such as 2026-12-01T09:00:00Z";
}
