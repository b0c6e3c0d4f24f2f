package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.email.EmailMessage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The spec's limits on an email, checked before a job exists. The worker checks the same rules
 * again; these must never be looser than its, or a job the API accepted would dead-letter.
 */
final class EmailRules {
  static final int MAX_TO = 50;
  static final int MAX_CC = 50;
  static final int MAX_BCC = 50;

  /** RFC 5321 §4.5.3.1.8: the recipients a relay must take in one transaction. */
  static final int MAX_RECIPIENTS = 100;

  static final int MAX_SUBJECT = 998;
  static final long MAX_BODY_BYTES = 512 * 1024;
  static final int MAX_HEADERS = 50;
  static final int MAX_HEADER_VALUE = 998;

  /** X- and then an RFC 9110 token: no colon, no space, nothing that could end a header name. */
  static final Pattern HEADER_NAME = Pattern.compile("[Xx]-[A-Za-z0-9!#$%&'*+.^_`|~-]{1,72}");

  private EmailRules() {}

  /** The email, or null if anything (here or before) was wrong: {@code v} says what. */
  static EmailInput check(EmailPayload p, Violations v) {
    return check(p, "payload.", v);
  }

  /**
   * As {@link #check(EmailPayload, Violations)}, for an email whose fields are under {@code at}.
   */
  static EmailInput check(EmailPayload p, String at, Violations v) {
    if (v.check(
        p.to() != null && !p.to().isEmpty() && p.to().size() <= MAX_TO,
        at + "to",
        "required: 1 to " + MAX_TO + " addresses")) {
      addresses(p.to(), at + "to", v);
    }
    if (v.check(
        p.cc() == null || p.cc().size() <= MAX_CC, at + "cc", "at most " + MAX_CC + " addresses")) {
      addresses(p.cc(), at + "cc", v);
    }
    if (v.check(
        p.bcc() == null || p.bcc().size() <= MAX_BCC,
        at + "bcc",
        "at most " + MAX_BCC + " addresses")) {
      addresses(p.bcc(), at + "bcc", v);
    }
    int recipients = size(p.to()) + size(p.cc()) + size(p.bcc());
    v.check(
        recipients <= MAX_RECIPIENTS,
        at + "bcc",
        "to, cc and bcc together at most " + MAX_RECIPIENTS + " recipients, not " + recipients);
    address(p.from(), at + "from", v);
    address(p.replyTo(), at + "replyTo", v);
    subject(p.subject(), at + "subject", v);
    body(p.text(), p.html(), at, v);
    var headers = headers(p.headers(), at + "headers", v);
    if (!v.isEmpty()) {
      return null; // the message's constructor would trip over the nulls reported
    }
    return new EmailInput(
        new EmailMessage(
            p.to(),
            p.cc(),
            p.bcc(),
            p.from(),
            p.replyTo(),
            p.subject(),
            p.text(),
            p.html(),
            headers));
  }

  private static int size(List<String> list) {
    return list == null ? 0 : list.size();
  }

  private static void addresses(List<String> list, String field, Violations v) {
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        String at = field + "[" + i + "]";
        Addresses.problem(list.get(i)).ifPresent(problem -> v.add(at, problem));
      }
    }
  }

  /** Text or html, not too large together; {@code at} is the prefix of both fields. */
  static void body(String text, String html, String at, Violations v) {
    v.check(text != null || html != null, at + "text", "text or html (or both) is required");
    long body = Text.utf8Bytes(text) + Text.utf8Bytes(html);
    v.check(
        body <= MAX_BODY_BYTES,
        html != null ? at + "html" : at + "text",
        "text and html together at most " + MAX_BODY_BYTES + " bytes (UTF-8), not " + body);
  }

  static void address(String value, String field, Violations v) {
    if (value != null) {
      Addresses.problem(value).ifPresent(problem -> v.add(field, problem));
    }
  }

  static void subject(String subject, String field, Violations v) {
    if (!v.check(subject != null, field, "required")) {
      return;
    }
    v.check(
        !Text.hasControlCharacters(subject),
        field,
        "must not contain line breaks or control characters");
    v.check(
        Text.length(subject) <= MAX_SUBJECT,
        field,
        "at most " + MAX_SUBJECT + " characters, not " + Text.length(subject));
  }

  static Map<String, String> headers(Map<String, String> headers, String field, Violations v) {
    if (headers == null) {
      return null;
    }
    v.check(headers.size() <= MAX_HEADERS, field, "at most " + MAX_HEADERS + " headers");
    // sorted, so that the same request always hashes (and renders) the same
    var sorted = new TreeMap<String, String>();
    var seen = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    for (var header : headers.entrySet()) {
      String name = header.getKey();
      String value = header.getValue();
      String at = field + "." + name;
      if (!HEADER_NAME.matcher(name).matches()) {
        v.add(at, "only X- headers are allowed, named with letters, digits and !#$%&'*+.^_`|~-");
      } else if (seen.put(name, name) != null) {
        v.add(at, "given twice (header names ignore case)");
      }
      if (value == null) {
        v.add(at, "must be a string, not null");
      } else {
        v.check(
            !Text.hasControlCharacters(value),
            at,
            "must not contain line breaks or control characters");
        v.check(
            value.length() <= MAX_HEADER_VALUE, at, "at most " + MAX_HEADER_VALUE + " characters");
      }
      sorted.put(name, value);
    }
    return sorted;
  }
}
