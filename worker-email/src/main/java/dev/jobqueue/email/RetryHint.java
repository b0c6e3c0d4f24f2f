package dev.jobqueue.email;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The wait a relay asks for in its reply text ("451 4.7.1 try again in 5 minutes"). SMTP has no
 * Retry-After header, so this reads the two phrasings relays commonly use and nothing else: a reply
 * that is not understood means no hint, never a guess.
 */
final class RetryHint {
  private static final Pattern HINT =
      Pattern.compile(
          "\\b(?:retry|try again)\\s+(?:after|in)\\s+(\\d{1,6})\\s*"
              + "(s|secs?|seconds?|m|mins?|minutes?)\\b",
          Pattern.CASE_INSENSITIVE);

  private RetryHint() {}

  /** The wait asked for in {@code reply}, or zero. */
  static Duration in(String reply) {
    if (reply == null) {
      return Duration.ZERO;
    }
    var m = HINT.matcher(reply);
    if (!m.find()) {
      return Duration.ZERO;
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).toLowerCase(Locale.ROOT).startsWith("m")
        ? Duration.ofMinutes(amount)
        : Duration.ofSeconds(amount);
  }
}
