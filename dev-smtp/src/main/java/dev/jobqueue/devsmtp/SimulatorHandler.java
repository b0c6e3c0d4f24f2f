package dev.jobqueue.devsmtp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/** One SMTP transaction: rejects or delays per recipient, then stores the message. */
final class SimulatorHandler implements MessageHandler {
  private final MailDirectory mail;
  private final Duration slowDelay;
  private boolean slow;

  SimulatorHandler(MailDirectory mail, Duration slowDelay) {
    this.mail = mail;
    this.slowDelay = slowDelay;
  }

  @Override
  public void from(String from) {}

  @Override
  public void recipient(String recipient) throws RejectException {
    var mailbox = SimulatedMailbox.of(recipient);
    if (mailbox.code >= 400) {
      throw new RejectException(mailbox.code, mailbox.reply);
    }
    slow |= mailbox == SimulatedMailbox.SLOW;
  }

  @Override
  public String data(InputStream data) throws IOException {
    var file = mail.write(data);
    if (slow) {
      // the point of the slow mailbox: a relay that takes its time to answer
      try {
        Thread.sleep(slowDelay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return "2.0.0 stored as " + file.getFileName();
  }

  @Override
  public void done() {}
}
