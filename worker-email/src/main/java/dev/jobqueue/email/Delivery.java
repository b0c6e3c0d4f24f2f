package dev.jobqueue.email;

import jakarta.mail.Address;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * What one SMTP transaction did for each recipient: took the message, refused it for good (5xx), or
 * deferred it (4xx, or no answer we understood).
 */
record Delivery(
    List<String> accepted, List<RecipientFailure> rejected, List<RecipientFailure> deferred) {
  static final Delivery NONE = new Delivery(List.of(), List.of(), List.of());

  Delivery {
    accepted = List.copyOf(accepted);
    rejected = List.copyOf(rejected);
    deferred = List.copyOf(deferred);
  }

  /** The relay took the message for every one of {@code recipients}. */
  static Delivery toAll(Address[] recipients) {
    return new Delivery(addresses(recipients), List.of(), List.of());
  }

  /**
   * True if {@code e} reports recipients refused at RCPT TO, as opposed to the relay refusing the
   * sender or the content, or the connection failing. With {@code mail.smtp.sendpartial} Angus
   * throws a plain {@link SendFailedException} when no recipient was taken, and an {@link
   * SMTPSendFailedException} carrying the final 250 when the message went to some of them.
   */
  static boolean isRecipientLevel(Exception e) {
    if (e instanceof SMTPSendFailedException s) {
      return s.getReturnCode() >= 200 && s.getReturnCode() < 300;
    }
    return e instanceof SendFailedException && !(e instanceof SMTPAddressFailedException);
  }

  /**
   * Reads the per-recipient replies Angus chains onto {@code e}. A recipient of {@code attempted}
   * that Angus reports nowhere counts as deferred, so that none is ever silently dropped.
   */
  static Delivery of(SendFailedException e, Address[] attempted) {
    List<String> accepted = addresses(e.getValidSentAddresses());
    var rejected = new ArrayList<RecipientFailure>();
    var deferred = new ArrayList<RecipientFailure>();
    Set<String> accounted = new HashSet<>(accepted);
    for (Exception next = e.getNextException(); next != null; next = nextOf(next)) {
      if (next instanceof SMTPAddressFailedException f
          && accounted.add(f.getAddress().getAddress())) {
        var failure =
            new RecipientFailure(
                f.getAddress().getAddress(), f.getReturnCode(), SmtpText.oneLine(f.getMessage()));
        (isPermanent(f.getReturnCode()) ? rejected : deferred).add(failure);
      }
    }
    for (String address : addresses(attempted)) {
      if (accounted.add(address)) {
        deferred.add(
            new RecipientFailure(address, 0, "the relay gave no reply for this recipient"));
      }
    }
    return new Delivery(accepted, rejected, deferred);
  }

  /** True if any reply says the relay is closing the connection. */
  boolean relayClosing() {
    return deferred.stream().anyMatch(f -> f.code() == 421);
  }

  static boolean isPermanent(int code) {
    return code >= 500 && code < 600;
  }

  private static Exception nextOf(Exception e) {
    return e instanceof jakarta.mail.MessagingException m ? m.getNextException() : null;
  }

  private static List<String> addresses(Address[] addresses) {
    return addresses == null
        ? List.of()
        : Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
  }
}
