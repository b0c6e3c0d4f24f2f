package dev.jobqueue.email;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.util.Date;
import java.util.List;

/**
 * Turns an {@link EmailJob} into a MIME message, or refuses it. A worker does not trust its input
 * to have passed the API's validation, so every rule of the spec is checked again here. Header
 * injection is impossible by construction: no value that reaches a header may hold a line break,
 * and headers are only ever set through Jakarta Mail, never assembled as text.
 */
public final class MessageFactory {
  static final int MAX_TO = 50;
  /** RFC 5321 §4.5.3.1.8: the fewest recipients a relay must take in one transaction. */
  static final int MAX_RECIPIENTS = 100;
  static final int MAX_SUBJECT = 998;
  static final long MAX_BODY_BYTES = 512 * 1024;
  private static final String UTF_8 = "UTF-8";

  private final Session session;
  private final String defaultFrom;
  private final String messageIdDomain;
  private final Clock clock;

  public MessageFactory(SmtpConfig config, Session session, Clock clock) {
    this.session = session;
    this.defaultFrom = config.defaultFrom();
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
    checkCounts(m);
    try {
      var message = new JobMessage(session, messageId);
      message.setFrom(Addresses.parse("from", m.from() == null ? defaultFrom : m.from()));
      message.setRecipients(RecipientType.TO, addresses("to", m.to()));
      message.setRecipients(RecipientType.CC, addresses("cc", m.cc()));
      message.setRecipients(RecipientType.BCC, addresses("bcc", m.bcc()));
      if (m.replyTo() != null) {
        message.setReplyTo(new InternetAddress[] {Addresses.parse("replyTo", m.replyTo())});
      }
      if (m.subject() != null) {
        message.setSubject(subject(m.subject()), UTF_8);
      }
      message.setSentDate(Date.from(clock.instant()));
      CustomHeaders.set(message, m.headers());
      setBody(message, m.text(), m.html());
      message.saveChanges();
      return message;
    } catch (MessagingException e) {
      // only reachable through values we let pass, so a bug of ours, not of the payload
      throw new IllegalStateException("could not build the message of " + job.job(), e);
    }
  }

  private static void checkCounts(EmailMessage m) throws InvalidMessageException {
    if (m.to().isEmpty() || m.to().size() > MAX_TO) {
      throw new InvalidMessageException(
          "to", "must hold 1 to " + MAX_TO + " addresses, not " + m.to().size());
    }
    int total = m.to().size() + m.cc().size() + m.bcc().size();
    if (total > MAX_RECIPIENTS) {
      throw new InvalidMessageException(
          "cc/bcc", "at most " + MAX_RECIPIENTS + " recipients in all, not " + total);
    }
  }

  private static InternetAddress[] addresses(String field, List<String> values)
      throws InvalidMessageException {
    var out = new InternetAddress[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Addresses.parse(field + "[" + i + "]", values.get(i));
    }
    return out;
  }

  private static String subject(String subject) throws InvalidMessageException {
    if (Text.hasControlCharacters(subject)) {
      throw new InvalidMessageException(
          "subject", "must not contain line breaks or control characters: " + Text.quote(subject));
    }
    int length = subject.codePointCount(0, subject.length());
    if (length > MAX_SUBJECT) {
      throw new InvalidMessageException(
          "subject", "at most " + MAX_SUBJECT + " characters, not " + length);
    }
    return subject;
  }

  private static void setBody(MimeMessage message, String text, String html)
      throws InvalidMessageException, MessagingException {
    if (text == null && html == null) {
      throw new InvalidMessageException("text", "text or html is required");
    }
    long bytes = (text == null ? 0 : Text.utf8Length(text)) + (html == null ? 0 : Text.utf8Length(html));
    if (bytes > MAX_BODY_BYTES) {
      throw new InvalidMessageException(
          "text/html", "together at most " + MAX_BODY_BYTES + " bytes (UTF-8), not " + bytes);
    }
    if (html == null) {
      message.setText(text, UTF_8);
    } else if (text == null) {
      message.setText(html, UTF_8, "html");
    } else {
      // RFC 2046: the last alternative is the preferred one
      var alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(part(text, "plain"));
      alternative.addBodyPart(part(html, "html"));
      message.setContent(alternative);
    }
  }

  private static MimeBodyPart part(String content, String subtype) throws MessagingException {
    var part = new MimeBodyPart();
    part.setText(content, UTF_8, subtype);
    return part;
  }
}
