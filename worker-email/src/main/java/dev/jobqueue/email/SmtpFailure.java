package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import jakarta.mail.MessagingException;
import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * How a failed SMTP exchange maps onto our error types: what the relay said when it refused the
 * sender or the content, or that it could not be talked to at all.
 *
 * @param type the error type the activity fails with
 * @param message the relay's reply first, as the API shows it
 * @param retryAfter the wait the relay asked for, or zero
 * @param connectionUsable whether the connection is still in step with the relay
 * @param code the relay's reply code; 0 when it gave none
 * @param oneMessage the relay deferred this message only (4xx to DATA or to its end, the connection
 *     still usable): others can still go through it. A 4xx to MAIL FROM is the sender's, and a 421
 *     or a broken connection is the relay's, so neither is.
 */
record SmtpFailure(
    ErrorType type,
    String message,
    Duration retryAfter,
    boolean connectionUsable,
    int code,
    boolean oneMessage) {

  /** The failure {@code e} reports; recipient-level failures are {@link Delivery}'s. */
  static SmtpFailure of(MessagingException e, String relay) {
    if (e instanceof SMTPSendFailedException s
        && s.getReturnCode() >= 400
        && s.getReturnCode() < 600) {
      int code = s.getReturnCode();
      String message = SmtpText.oneLine(s.getMessage()) + " (" + stage(s.getCommand()) + ")";
      // Angus sent RSET after the refusal, so the connection can go on, unless the relay quit
      boolean usable = code != 421;
      return Delivery.isPermanent(code)
          ? new SmtpFailure(ErrorType.SmtpRejected, message, Duration.ZERO, usable, code, false)
          : new SmtpFailure(
              ErrorType.SmtpTransient,
              message,
              RetryHint.in(s.getMessage()),
              usable,
              code,
              usable && isMessageStage(s.getCommand()));
    }
    return unavailable(relay, e);
  }

  /** The relay could not be reached, or the conversation broke off. */
  static SmtpFailure unavailable(String relay, Exception e) {
    return new SmtpFailure(
        ErrorType.SmtpUnavailable,
        "SMTP relay " + relay + " unavailable: " + describe(e),
        Duration.ZERO,
        false,
        0,
        false);
  }

  /** DATA or the end of DATA ({@code "."}, as Angus names the command). */
  private static boolean isMessageStage(String command) {
    return "DATA".equals(command) || ".".equals(command);
  }

  private static String stage(String command) {
    if (command == null) {
      return "SMTP";
    }
    if (command.equals(".")) {
      return "end of DATA";
    }
    int colon = command.indexOf(':');
    return colon < 0 ? command : command.substring(0, colon);
  }

  /** The exception's message and its causes', which is where the useful part usually is. */
  private static String describe(Throwable e) {
    var out = new StringBuilder(SmtpText.oneLine(String.valueOf(e.getMessage())));
    for (Throwable cause = causeOf(e); cause != null; cause = causeOf(cause)) {
      out.append(": ").append(cause.getClass().getSimpleName());
      if (cause.getMessage() != null) {
        out.append(' ').append(SmtpText.oneLine(cause.getMessage()));
      }
    }
    return out.toString();
  }

  private static Throwable causeOf(Throwable e) {
    Throwable cause = e instanceof MessagingException m ? m.getNextException() : e.getCause();
    return cause == e ? null : cause;
  }
}
