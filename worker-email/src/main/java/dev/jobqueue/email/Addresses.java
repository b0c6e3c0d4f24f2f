package dev.jobqueue.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;

/** Strict RFC 5322 parsing of the one address a payload string must hold. */
final class Addresses {
  private Addresses() {}

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
          field, "must not contain line breaks or control characters: " + Text.quote(value));
    }
    InternetAddress parsed;
    try {
      // strict parsing refuses a list ("a@x, b@y") as well as a malformed mailbox
      parsed = new InternetAddress(value, true);
      parsed.validate();
    } catch (AddressException e) {
      throw new InvalidMessageException(
          field, "is not a single valid email address: " + Text.quote(value));
    }
    if (parsed.isGroup()) {
      throw new InvalidMessageException(
          field, "must be one address, not a group: " + Text.quote(value));
    }
    String address = parsed.getAddress();
    if (!Text.isAscii(address)) {
      throw new InvalidMessageException(
          field, "internationalised addresses are not supported: " + Text.quote(value));
    }
    try {
      // the parser keeps a display name as written; re-encoding it keeps the header 7-bit
      return new InternetAddress(address, parsed.getPersonal(), StandardCharsets.UTF_8.name());
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }
}
