package dev.jobqueue.email;

import dev.jobqueue.rules.Problems;
import dev.jobqueue.rules.Text;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which headers a payload may add, and what they may hold: {@code X-} headers, except the ones a
 * shared relay account acts on, and the two of one-click unsubscribe (RFC 2369, RFC 8058) that
 * large mailbox providers require of bulk senders. Nothing here can collide with a header the
 * worker sets itself, and no value can end its line.
 */
public final class HeaderRules {
  public static final int MAX_HEADERS = 50;
  public static final int MAX_HEADER_VALUE = 998;

  /** X- and then an RFC 9110 token: no colon, no space, nothing that could end a header name. */
  public static final Pattern X_HEADER_NAME =
      Pattern.compile("[Xx]-[A-Za-z0-9!#$%&'*+.^_`|~-]{1,72}");

  public static final String LIST_UNSUBSCRIBE = "List-Unsubscribe";
  public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe-Post";

  /** RFC 8058 §3.1: the one value of {@code List-Unsubscribe-Post}. */
  public static final String ONE_CLICK = "List-Unsubscribe=One-Click";

  /**
   * Headers that relays act on for the account that sends, not for the message's author: on a relay
   * account the tenants share, one tenant could redirect, copy or re-route mail through another's
   * settings (SendGrid's {@code X-SMTPAPI} alone adds recipients). Compared ignoring case; a
   * trailing {@code -} is a prefix, anything else an exact name.
   */
  public static final List<String> PROVIDER_CONTROL =
      List.of(
          "X-SMTPAPI", // SendGrid
          "X-SES-", // Amazon SES
          "X-PM-", // Postmark
          "X-Mailgun-",
          "X-MC-", // Mandrill
          "X-MSYS-", // SparkPost (X-MSYS-API, X-MSYS-SUBACCOUNT)
          "X-MJ-", // Mailjet
          "X-Mailjet-",
          "X-Mailin-", // Brevo
          "X-Sib-");

  /**
   * One or more URIs in angle brackets, separated by commas (RFC 2369 §2), each {@code https:} or
   * {@code mailto:}: printable ASCII, no space or bracket inside the brackets.
   */
  private static final Pattern UNSUBSCRIBE_URIS =
      Pattern.compile(
          "<(?:https://|mailto:)[!-;=?-~]+>(?:[ \\t]*,[ \\t]*<(?:https://|mailto:)[!-;=?-~]+>)*");

  private static final Pattern HTTPS_URI = Pattern.compile("<https://[^>]+>");

  private HeaderRules() {}

  /** The forms a name may take, for messages. */
  static final String NAMES =
      "X- headers named with letters, digits and !#$%&'*+.^_`|~-, and List-Unsubscribe and"
          + " List-Unsubscribe-Post (written so)";

  /**
   * At most {@link #MAX_HEADERS} headers, values one line; the rules above, for the headers under
   * {@code field}. Two X- names that differ only in case are two header fields of the message (RFC
   * 5322 lets an optional field repeat); the List- headers are named in their registered spelling
   * only, so each is given at most once.
   */
  public static void check(Map<String, String> headers, String field, Problems p) {
    if (headers == null) {
      return;
    }
    p.check(headers.size() <= MAX_HEADERS, field, "at most " + MAX_HEADERS + " headers");
    // in name order, so that the same headers are always reported the same
    for (var header : new TreeMap<>(headers).entrySet()) {
      String name = header.getKey();
      String value = header.getValue();
      String at = field + "." + name;
      var nameProblem = nameProblem(name);
      nameProblem.ifPresent(problem -> p.add(at, problem));
      if (value == null) {
        p.add(at, "must be a string, not null");
      } else if (p.check(
              !Text.hasControlCharacters(value),
              at,
              "must not contain line breaks or control characters")
          && p.check(
              value.length() <= MAX_HEADER_VALUE,
              at,
              "at most " + MAX_HEADER_VALUE + " characters")) {
        valueProblem(name, value).ifPresent(problem -> p.add(at, problem));
      }
    }
    if (headers.containsKey(LIST_UNSUBSCRIBE_POST)) {
      String link = headers.get(LIST_UNSUBSCRIBE);
      p.check(
          link != null && HTTPS_URI.matcher(link).find(),
          field + "." + LIST_UNSUBSCRIBE_POST,
          "needs a List-Unsubscribe header holding an https URI in angle brackets"
              + " (<https://...>), the one a one-click unsubscribe POSTs to (RFC 8058)");
    }
  }

  /** What is wrong with {@code name} as a header of a payload, if anything. */
  public static Optional<String> nameProblem(String name) {
    if (isListUnsubscribe(name)) {
      return Optional.empty();
    }
    if (!X_HEADER_NAME.matcher(name).matches()) {
      return Optional.of("only " + NAMES + " are allowed");
    }
    for (String control : PROVIDER_CONTROL) {
      if (control.endsWith("-")
          ? name.regionMatches(true, 0, control, 0, control.length())
          : name.equalsIgnoreCase(control)) {
        return Optional.of(
            "is a provider-control header, which the relay acts on for the whole account it"
                + " shares with other tenants: refused ("
                + refusedNames()
                + ", ignoring case)");
      }
    }
    return Optional.empty();
  }

  /** The refused names as the documentation writes them: {@code X-SES-*}. */
  public static String refusedNames() {
    var names = new StringBuilder();
    for (String control : PROVIDER_CONTROL) {
      if (!names.isEmpty()) {
        names.append(", ");
      }
      names.append(control.endsWith("-") ? control + "*" : control);
    }
    return names.toString();
  }

  private static boolean isListUnsubscribe(String name) {
    return name.equals(LIST_UNSUBSCRIBE) || name.equals(LIST_UNSUBSCRIBE_POST);
  }

  private static Optional<String> valueProblem(String name, String value) {
    if (name.equals(LIST_UNSUBSCRIBE)) {
      return UNSUBSCRIBE_URIS.matcher(value).matches()
          ? Optional.empty()
          : Optional.of(
              "must be one or more https: or mailto: URIs in angle brackets, separated by commas"
                  + " (<https://example.com/unsubscribe/abc>, <mailto:unsubscribe@example.com>);"
                  + " printable ASCII, no spaces inside the brackets");
    }
    if (name.equals(LIST_UNSUBSCRIBE_POST)) {
      return ONE_CLICK.equals(value)
          ? Optional.empty()
          : Optional.of("must be exactly " + ONE_CLICK + " (RFC 8058)");
    }
    return Optional.empty();
  }
}
