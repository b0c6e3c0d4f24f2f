package dev.jobqueue.api.schedules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a schedule's {@code cron} may be: the classic five fields (minute, hour, day of month,
 * month, day of week) separated by single spaces, each a comma-separated list of {@code *}, a
 * number or a range {@code a-b}, any of them with a {@code /step} of 1 to 99. Numbers only (no
 * month or day names, no {@code L}, {@code W} or {@code #}): what every cron reads alike. These are
 * exactly the strings the API document's {@code Cron} pattern describes, so a client that checks
 * the pattern is never refused.
 *
 * <p>A range from high to low wraps around ({@code 22-2} in the hour field is 22, 23, 0, 1 and 2):
 * no pattern can say that a range must run low to high, so the API gives such a range the one
 * meaning it can have, and hands Temporal (which wants ranges low to high) the hours it names.
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
    String[] fields = cron.split(" ", -1);
    if (fields.length != 5) {
      return "must be five fields (minute hour day-of-month month day-of-week) separated by"
          + " single spaces, such as '0 9 * * 1-5'";
    }
    for (int f = 0; f < 5; f++) {
      for (String item : fields[f].split(",", -1)) {
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) {
          return "the "
              + NAMES[f]
              + " field '"
              + fields[f]
              + "' is not *, n, a-b or one of those with /step, separated by commas";
        }
        for (int group = 2; group <= 3; group++) {
          if (m.group(group) != null) {
            int n = Integer.parseInt(m.group(group));
            if (n < MIN[f] || n > MAX[f]) {
              return "in '" + item + "': the " + NAMES[f] + " must be " + MIN[f] + " to " + MAX[f];
            }
          }
        }
        if (m.group(4) != null && Integer.parseInt(m.group(4)) == 0) {
          return "in '" + item + "': a step must be 1 to 99";
        }
      }
    }
    return null;
  }

  /**
   * {@code cron}, which {@link #problem} found nothing wrong with, as Temporal reads it: every
   * range that wraps around written out as the values it names.
   */
  static String forTemporal(String cron) {
    String[] fields = cron.split(" ", -1);
    var out = new ArrayList<String>();
    for (int f = 0; f < 5; f++) {
      var items = new ArrayList<String>();
      for (String item : fields[f].split(",", -1)) {
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) {
          throw new IllegalArgumentException("not a checked cron: " + cron);
        }
        if (m.group(3) != null && Integer.parseInt(m.group(2)) > Integer.parseInt(m.group(3))) {
          items.addAll(wrapped(f, m));
        } else {
          items.add(item);
        }
      }
      out.add(String.join(",", items));
    }
    return String.join(" ", out);
  }

  private static List<String> wrapped(int field, Matcher m) {
    int from = Integer.parseInt(m.group(2));
    int to = Integer.parseInt(m.group(3));
    int step = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
    int span = MAX[field] - MIN[field] + 1;
    int count = to + span - from; // values from `from` up to the end, then from the start to `to`
    var values = new ArrayList<String>();
    for (int i = 0; i <= count; i += step) {
      values.add(Integer.toString(MIN[field] + (from - MIN[field] + i) % span));
    }
    return values;
  }
}
