package dev.jobqueue.email;

import jakarta.activation.DataHandler;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Turns an {@link EmailJob} into a MIME message, or refuses it. A worker does not trust its input
 * to have passed the API's validation, so the spec's rules ({@link EmailRules}, the same the API
 * applies) are checked again here. Header injection is impossible by construction: no value that
 * reaches a header may hold a line break, and headers are only ever set through Jakarta Mail, never
 * assembled as text.
 */
public final class MessageFactory {
  private static final String UTF_8 = "UTF-8";

  private final Session session;
  private final InternetAddress defaultFrom;
  private final String messageIdDomain;
  private final Clock clock;
  private final SentDates dates = new SentDates();

  public MessageFactory(SmtpConfig config, Session session, Clock clock) {
    this.session = session;
    this.defaultFrom = config.defaultFromAddress();
    this.messageIdDomain = config.messageIdDomain();
    this.clock = clock;
  }

  /** The message for {@code job}, its {@code Message-ID} derived from the job. */
  public MimeMessage build(EmailJob job) throws InvalidMessageException {
    if (job == null || job.job() == null || job.message() == null) {
      throw new InvalidMessageException("job", "must carry a job reference and a message");
    }
    EmailMessage m = job.message();
    String messageId;
    try {
      messageId = MessageIds.of(job.job(), messageIdDomain);
    } catch (IllegalArgumentException e) {
      throw new InvalidMessageException("job", e.getMessage());
    }
    var problem = new FirstProblem();
    EmailRules.check(m, "", problem);
    problem.throwIfAny();
    try {
      var message = new JobMessage(session, messageId);
      message.setFrom(m.from() == null ? defaultFrom : Addresses.plain(m.from()));
      message.setRecipients(RecipientType.TO, addresses(m.to()));
      message.setRecipients(RecipientType.CC, addresses(m.cc()));
      message.setRecipients(RecipientType.BCC, addresses(m.bcc()));
      if (m.replyTo() != null) {
        message.setReplyTo(new InternetAddress[] {Addresses.plain(m.replyTo())});
      }
      message.setSubject(m.subject(), UTF_8);
      message.setHeader("Date", dates.format(clock.instant()));
      CustomHeaders.set(message, m.headers());
      setBody(message, m.text(), m.html());
      message.saveChanges();
      return message;
    } catch (MessagingException e) {
      // only reachable through values we let pass, so a bug of ours, not of the payload
      throw new IllegalStateException("could not build the message of " + job.job(), e);
    }
  }

  /**
   * The {@code Date} header, as {@code setSentDate} writes it, formatted once per second: Jakarta
   * Mail's date format is a synchronized SimpleDateFormat, a hot spot at bulk rates.
   */
  private static final class SentDates {
    private record Formatted(long epochSecond, String text) {}

    private final MailDateFormat format = new MailDateFormat();
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    String format(Instant now) {
      Formatted f = last;
      if (f.epochSecond() != now.getEpochSecond()) {
        String text;
        synchronized (format) {
          text = format.format(Date.from(Instant.ofEpochSecond(now.getEpochSecond())));
        }
        f = new Formatted(now.getEpochSecond(), text);
        last = f;
      }
      return f.text();
    }
  }

  /** Addresses {@link EmailRules} accepted. */
  private static InternetAddress[] addresses(List<String> values) {
    var out = new InternetAddress[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Addresses.plain(values.get(i));
    }
    return out;
  }

  private static void setBody(MimeMessage message, String text, String html)
      throws MessagingException {
    byte[] plain = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    byte[] rich = html == null ? null : html.getBytes(StandardCharsets.UTF_8);
    if (rich == null) {
      message.setDataHandler(text(plain, "plain"));
    } else if (plain == null) {
      message.setDataHandler(text(rich, "html"));
    } else {
      // RFC 2046: the last alternative is the preferred one
      var alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(part(plain, "plain"));
      alternative.addBodyPart(part(rich, "html"));
      message.setContent(alternative);
    }
  }

  private static MimeBodyPart part(byte[] utf8, String subtype) throws MessagingException {
    var part = new MimeBodyPart();
    part.setDataHandler(text(utf8, subtype));
    return part;
  }

  /**
   * A text body as UTF-8 bytes, the same part {@code setText(content, "UTF-8", subtype)} makes,
   * with the same transfer encoding chosen for it. Handing Jakarta Mail bytes instead of a String
   * matters at bulk rates: for a String it writes the body through a stream that passes it on one
   * byte at a time, and scans it for the encoding the same way; bytes are scanned and written in
   * blocks.
   */
  private static DataHandler text(byte[] utf8, String subtype) {
    return new DataHandler(new ByteArrayDataSource(utf8, "text/" + subtype + "; charset=" + UTF_8));
  }
}
