package dev.jobqueue.api.jobs;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict email address checking without a mail library: exactly one RFC 5322 addr-spec with a
 * dot-atom local part and a host name domain, ASCII only. No display names, no comments, no quoted
 * local parts, no lists: forms that are legal but that header injection and address confusion hide
 * in. The worker parses again with Jakarta Mail; anything we accept it accepts.
 */
final class Addresses {
  /** RFC 5321: 64 for the local part, 254 for a whole address in a path. */
  static final int MAX_LOCAL = 64;

  static final int MAX_LENGTH = 254;

  private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final Pattern ADDR_SPEC =
      Pattern.compile("(" + ATOM + "(?:\\." + ATOM + ")*)@(" + LABEL + "(?:\\." + LABEL + ")+)");

  private Addresses() {}

  /** What is wrong with {@code value} as an address, if anything. */
  static Optional<String> problem(String value) {
    if (value == null) {
      return Optional.of("must be an address, not null");
    }
    if (Text.hasControlCharacters(value)) {
      return Optional.of("must not contain line breaks or control characters");
    }
    if (value.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    var match = ADDR_SPEC.matcher(value);
    if (!match.matches()) {
      return Optional.of(
          "must be a single plain address such as ada@example.com"
              + " (no display name, no list, ASCII only)");
    }
    if (match.group(1).length() > MAX_LOCAL) {
      return Optional.of("the part before @ must be at most " + MAX_LOCAL + " characters");
    }
    return Optional.empty();
  }
}
