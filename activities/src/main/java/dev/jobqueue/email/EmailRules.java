package dev.jobqueue.email;

import dev.jobqueue.rules.Problems;
import dev.jobqueue.rules.Text;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The spec's limits on one email, written once: the API checks a request with them before a job
 * exists, and the email fleet checks every message again before it builds it (a worker must not
 * trust its input to have come through the API). Field names are the payload's, relative to {@code
 * at} ({@code payload.}, {@code payload.messages[3].}, or nothing on the fleet).
 */
public final class EmailRules {
  public static final int MAX_TO = 50;
  public static final int MAX_CC = 50;
  public static final int MAX_BCC = 50;

  /** RFC 5321 §4.5.3.1.8: the recipients a relay must take in one transaction. */
  public static final int MAX_RECIPIENTS = 100;

  /** RFC 5322 §2.1.1: a line of at most 998 characters. */
  public static final int MAX_SUBJECT = 998;

  public static final long MAX_BODY_BYTES = 512 * 1024;

  /** RFC 5321: 64 for the local part, 254 for a whole address in a path. */
  static final int MAX_LOCAL = 64;

  static final int MAX_ADDRESS = 254;

  private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

  /**
   * Exactly one RFC 5322 addr-spec with a dot-atom local part and a host-name domain, ASCII only:
   * no display names, comments, quoted local parts or lists, the legal forms that header injection
   * and address confusion hide in.
   */
  private static final Pattern ADDR_SPEC =
      Pattern.compile("(" + ATOM + "(?:\\." + ATOM + ")*)@(" + LABEL + "(?:\\." + LABEL + ")+)");

  private EmailRules() {}

  /** Every rule, for the message whose fields are under {@code at}. */
  public static void check(EmailMessage m, String at, Problems p) {
    if (p.check(
        !m.to().isEmpty() && m.to().size() <= MAX_TO,
        at + "to",
        "required: 1 to " + MAX_TO + " addresses")) {
      addresses(m.to(), at + "to", p);
    }
    if (p.check(m.cc().size() <= MAX_CC, at + "cc", "at most " + MAX_CC + " addresses")) {
      addresses(m.cc(), at + "cc", p);
    }
    if (p.check(m.bcc().size() <= MAX_BCC, at + "bcc", "at most " + MAX_BCC + " addresses")) {
      addresses(m.bcc(), at + "bcc", p);
    }
    int recipients = m.to().size() + m.cc().size() + m.bcc().size();
    p.check(
        recipients <= MAX_RECIPIENTS,
        at + "bcc",
        "to, cc and bcc together at most " + MAX_RECIPIENTS + " recipients, not " + recipients);
    address(m.from(), at + "from", p);
    address(m.replyTo(), at + "replyTo", p);
    subject(m.subject(), at + "subject", p);
    body(m.text(), m.html(), at, p);
    headers(m.headers(), at + "headers", p);
  }

  /** What is wrong with {@code value} as one plain address, if anything. */
  public static Optional<String> addressProblem(String value) {
    if (value == null) {
      return Optional.of("must be an address, not null");
    }
    if (Text.hasControlCharacters(value)) {
      return Optional.of("must not contain line breaks or control characters");
    }
    if (value.length() > MAX_ADDRESS) {
      return Optional.of("must be at most " + MAX_ADDRESS + " characters");
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

  /** An optional address: nothing to say when absent. */
  public static void address(String value, String field, Problems p) {
    if (value != null) {
      addressProblem(value).ifPresent(problem -> p.add(field, problem));
    }
  }

  private static void addresses(List<String> list, String field, Problems p) {
    for (int i = 0; i < list.size(); i++) {
      String at = field + "[" + i + "]";
      addressProblem(list.get(i)).ifPresent(problem -> p.add(at, problem));
    }
  }

  /** Required, one line, at most {@link #MAX_SUBJECT} characters. */
  public static void subject(String subject, String field, Problems p) {
    if (!p.check(subject != null, field, "required")) {
      return;
    }
    p.check(
        !Text.hasControlCharacters(subject),
        field,
        "must not contain line breaks or control characters");
    p.check(
        Text.length(subject) <= MAX_SUBJECT,
        field,
        "at most " + MAX_SUBJECT + " characters, not " + Text.length(subject));
  }

  /** Text or html, not too large together; {@code at} is the prefix of both fields. */
  public static void body(String text, String html, String at, Problems p) {
    p.check(text != null || html != null, at + "text", "text or html (or both) is required");
    long body = Text.utf8Bytes(text) + Text.utf8Bytes(html);
    p.check(
        body <= MAX_BODY_BYTES,
        html != null ? at + "html" : at + "text",
        "text and html together at most " + MAX_BODY_BYTES + " bytes (UTF-8), not " + body);
  }

  /** The headers a payload adds: {@link HeaderRules}. */
  public static void headers(Map<String, String> headers, String field, Problems p) {
    HeaderRules.check(headers, field, p);
  }
}
