package dev.jobqueue.api.schedules;

import java.util.regex.Pattern;

/**
 * What a schedule's {@code cron} may be: the classic five fields (minute, hour, day of month,
 * month, day of week), each a comma-separated list of {@code *}, a number or a range {@code a-b},
 * any of them with a {@code /step}. Numbers only (no month or day names, no {@code L}, {@code W} or
 * {@code #}): what every cron reads alike.
 */
final class CronRules {
  private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
  private static final int[] MIN = {0, 0, 1, 1, 0};
  private static final int[] MAX = {59, 23, 31, 12, 6};
  private static final Pattern ITEM =
      Pattern.compile("(\\*|(\\d{1,2})(?:-(\\d{1,2}))?)(?:/(\\d{1,2}))?");

  private CronRules() {}

  /** What is wrong with {@code cron}; null if nothing. */
  static String problem(String cron) {
    String[] fields = cron.strip().split("\\s+");
    if (fields.length != 5) {
      return "must have five fields (minute hour day-of-month month day-of-week), such as"
          + " '0 9 * * 1-5'; this has "
          + (cron.isBlank() ? 0 : fields.length);
    }
    for (int f = 0; f < 5; f++) {
      for (String item : fields[f].split(",", -1)) {
        var m = ITEM.matcher(item);
        String range = NAMES[f] + " must be " + MIN[f] + " to " + MAX[f];
        if (!m.matches()) {
          return "the "
              + NAMES[f]
              + " field '"
              + fields[f]
              + "' is not *, n, a-b or one of those"
              + " with /step, separated by commas";
        }
        if (m.group(2) != null) {
          int from = Integer.parseInt(m.group(2));
          int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
          if (from < MIN[f] || to > MAX[f] || from > to) {
            return "in '" + item + "': the " + range + ", a range low to high";
          }
        }
        if (m.group(4) != null && Integer.parseInt(m.group(4)) == 0) {
          return "in '" + item + "': a step must be at least 1";
        }
      }
    }
    return null;
  }
}
