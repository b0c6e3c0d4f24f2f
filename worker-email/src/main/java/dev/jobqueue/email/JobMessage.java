package dev.jobqueue.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose {@code Message-ID} is fixed by its job. Jakarta Mail invents a fresh random id on
 * every {@code saveChanges()}, which would make a redelivery look like a new message.
 */
final class JobMessage extends MimeMessage {
  private final String messageId;

  JobMessage(Session session, String messageId) {
    super(session);
    this.messageId = messageId;
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", messageId);
  }
}
