package dev.jobqueue.bench;

import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.email.MessageFactory;
import dev.jobqueue.email.SmtpConfig;
import dev.jobqueue.email.SmtpTransportPool;
import dev.jobqueue.job.JobRef;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SMTP path's ceiling without Temporal: worker-email's own {@link SmtpTransportPool} and {@link
 * MessageFactory}, as many senders as the pool has connections, each building a message, borrowing
 * a connection, sending it (the sink answers 250 to the end of DATA) and giving the connection
 * back, as the bulk sender does per item.
 */
final class SmtpCeiling {
  private SmtpCeiling() {}

  static ClosedLoop.Result run(SmtpSink sink, Settings settings) throws InterruptedException {
    // worker-email names Angus's stream provider the same way (StreamProviders)
    System.setProperty(
        "jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
    var config =
        SmtpConfig.openRelay("127.0.0.1", sink.port(), "bench <bench@jobqueue.test>")
            .withPoolSize(settings.smtpPoolSize());
    var sequence = new AtomicLong();
    try (var pool = new SmtpTransportPool(config)) {
      var messages = new MessageFactory(config, pool.session(), Clock.systemUTC());
      return ClosedLoop.run(
          "smtp ceiling",
          "messages",
          settings.smtpPoolSize(),
          settings.warmup(),
          settings.window(),
          () -> {
            long i = sequence.incrementAndGet();
            MimeMessage message =
                messages.build(
                    new EmailJob(
                        new JobRef("ceiling-" + i, Rig.TENANT),
                        EmailMessage.text(
                            List.of(Mail.recipient("c", i)),
                            Mail.fill(Mail.SUBJECT_TEMPLATE, i),
                            Mail.fill(Mail.TEXT, i))));
            Transport transport = pool.borrow();
            boolean reusable = false;
            try {
              transport.sendMessage(message, message.getAllRecipients());
              reusable = true;
            } finally {
              pool.release(transport, reusable);
            }
            return null;
          });
    }
  }
}
