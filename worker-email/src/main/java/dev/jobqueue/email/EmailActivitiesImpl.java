package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.runtime.ActivityFailures;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Sends one job's message through the pooled SMTP connections and reports, per recipient, what the
 * relay did. Retries belong to Temporal: a failure here carries its type and jittered delay.
 */
public final class EmailActivitiesImpl implements EmailActivities, AutoCloseable {
  private final MessageFactory messages;
  private final SmtpTransportPool pool;
  private final String relay;
  private final Duration minTimeLeft;
  private final Clock clock;

  /**
   * Sends through {@code pool}, which {@link #close()} closes, with the {@link
   * TimeLeft#DEFAULT_MINIMUM} left of an attempt to start a send.
   */
  public EmailActivitiesImpl(SmtpConfig config, SmtpTransportPool pool) {
    this(config, pool, TimeLeft.DEFAULT_MINIMUM, Clock.systemUTC());
  }

  /**
   * Sends through {@code pool}, which {@link #close()} closes; a send starts only with {@code
   * minTimeLeft} of its attempt left by {@code clock} ({@link TimeLeft}).
   */
  public EmailActivitiesImpl(
      SmtpConfig config, SmtpTransportPool pool, Duration minTimeLeft, Clock clock) {
    this.messages = new MessageFactory(config, pool.session(), clock);
    this.pool = pool;
    this.relay = config.host() + ":" + config.port();
    this.minTimeLeft = minTimeLeft;
    this.clock = clock;
  }

  /** Sends through a pool of its own, which {@link #close()} closes. */
  public EmailActivitiesImpl(SmtpConfig config) {
    this(config, new SmtpTransportPool(config));
  }

  @Override
  public SendEmailResult sendEmail(EmailJob job) {
    MimeMessage message = build(job);
    var context = Activity.getExecutionContext();
    DeliveryProgress before =
        context.getHeartbeatDetails(DeliveryProgress.class).orElse(DeliveryProgress.NONE);
    Address[] pending = before.pending(recipients(message));
    Delivery delivery =
        pending.length == 0
            ? Delivery.NONE
            : send(message, pending, TimeLeft.of(context.getInfo(), minTimeLeft, clock));
    DeliveryProgress after = before.plus(delivery);
    if (!delivery.deferred().isEmpty()) {
      // the next attempt reads this and sends only to the recipients still pending
      context.heartbeat(after);
      RecipientFailure first = delivery.deferred().getFirst();
      throw failure(
          ErrorType.SmtpTransient,
          summary(delivery.deferred()),
          null,
          RetryHint.in(first.message()));
    }
    if (after.accepted().isEmpty()) {
      throw failure(ErrorType.SmtpRejected, summary(after.rejected()), null, Duration.ZERO);
    }
    return new SendEmailResult(messageId(message), after.accepted(), after.rejected());
  }

  /** Closes the connection pool. */
  @Override
  public void close() {
    pool.close();
  }

  private MimeMessage build(EmailJob job) {
    try {
      return messages.build(job);
    } catch (InvalidMessageException e) {
      throw failure(ErrorType.InvalidMessage, e.getMessage(), null, Duration.ZERO);
    }
  }

  private Delivery send(MimeMessage message, Address[] recipients, TimeLeft time) {
    if (!time.enough()) {
      throw tooLittle(time, "waiting for a connection");
    }
    Transport transport = borrow(time);
    boolean reusable = false;
    try {
      if (!time.enough()) {
        // the wait or the connect took what was left: give the connection back unused
        reusable = true;
        throw tooLittle(time, "starting on the wire");
      }
      transport.sendMessage(message, recipients);
      reusable = true;
      return Delivery.toAll(recipients);
    } catch (MessagingException e) {
      if (Delivery.isRecipientLevel(e)) {
        Delivery delivery = Delivery.of((SendFailedException) e, recipients);
        reusable = !delivery.relayClosing();
        return delivery;
      }
      SmtpFailure failure = SmtpFailure.of(e, relay);
      reusable = failure.connectionUsable();
      throw failure(failure.type(), failure.message(), e, failure.retryAfter());
    } finally {
      pool.release(transport, reusable);
    }
  }

  private Transport borrow(TimeLeft time) {
    try {
      Transport transport = pool.borrow(time.spare());
      if (transport == null) {
        throw tooLittle(time, "starting on the wire (no SMTP connection came free)");
      }
      return transport;
    } catch (MessagingException e) {
      throw failure(
          ErrorType.SmtpUnavailable, SmtpFailure.unavailable(relay, e).message(), e, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(
          ErrorType.SmtpUnavailable,
          "interrupted waiting for an SMTP connection",
          e,
          Duration.ZERO);
    }
  }

  private static ApplicationFailure tooLittle(TimeLeft time, String what) {
    return failure(ErrorType.TooLittleTimeLeft, time.shortBy(what), null, Duration.ZERO);
  }

  private static ApplicationFailure failure(
      ErrorType type, String message, Throwable cause, Duration retryAfter) {
    return ActivityFailures.of(type, message, cause, retryAfter);
  }

  private static Address[] recipients(MimeMessage message) {
    try {
      return message.getAllRecipients();
    } catch (MessagingException e) {
      throw new IllegalStateException("recipients of a message we just built", e);
    }
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (MessagingException e) {
      throw new IllegalStateException("Message-ID of a message we just built", e);
    }
  }

  /** The first reply in full, as the API's lastError shows it, then the other recipients it hit. */
  private static String summary(List<RecipientFailure> failures) {
    RecipientFailure first = failures.getFirst();
    String text = first.message() + " (RCPT TO " + first.address() + ")";
    if (failures.size() == 1) {
      return text;
    }
    return text
        + "; also "
        + failures.stream()
            .skip(1)
            .map(RecipientFailure::address)
            .collect(Collectors.joining(", "));
  }
}
