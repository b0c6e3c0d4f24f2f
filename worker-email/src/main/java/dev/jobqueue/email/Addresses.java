package dev.jobqueue.email;

import dev.jobqueue.rules.Text;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

/**
 * Addresses as Jakarta Mail takes them: a payload's, which {@link EmailRules} has accepted as one
 * plain address, and the configured sender, which may carry a display name.
 */
final class Addresses {
  private Addresses() {}

  /** A plain address {@link EmailRules#addressProblem} accepted. */
  static InternetAddress plain(String address) {
    try {
      return new InternetAddress(address, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException("not an address the rules accept: " + address, e);
    }
  }

  /**
   * The single address in {@code value}, with any display name re-encoded for a header.
   *
   * @throws InvalidMessageException naming {@code field} when the value is empty, holds a line
   *     break, is not exactly one RFC 5322 mailbox, or has a non-ASCII address (we do not speak
   *     SMTPUTF8)
   */
  static InternetAddress parse(String field, String value) throws InvalidMessageException {
    if (value == null || value.isBlank()) {
      throw new InvalidMessageException(field, "must not be empty");
    }
    if (Text.hasControlCharacters(value)) {
      throw new InvalidMessageException(
          field, "must not contain line breaks or control characters: " + SmtpText.quote(value));
    }
    InternetAddress parsed;
    try {
      // strict parsing refuses a list ("a@x, b@y") as well as a malformed mailbox
      parsed = new InternetAddress(value, true);
      parsed.validate();
    } catch (AddressException e) {
      throw new InvalidMessageException(
          field, "is not a single valid email address: " + SmtpText.quote(value));
    }
    if (parsed.isGroup()) {
      throw new InvalidMessageException(
          field, "must be one address, not a group: " + SmtpText.quote(value));
    }
    String address = parsed.getAddress();
    if (!Text.isAscii(address)) {
      throw new InvalidMessageException(
          field, "internationalised addresses are not supported: " + SmtpText.quote(value));
    }
    try {
      // the parser keeps a display name as written; re-encoding it keeps the header 7-bit
      return new InternetAddress(address, parsed.getPersonal(), StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }
}
