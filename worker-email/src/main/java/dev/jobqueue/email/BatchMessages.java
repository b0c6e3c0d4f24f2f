package dev.jobqueue.email;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.template.CompiledTemplate;
import dev.jobqueue.template.InvalidItemException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Builds the message of each item of one batch: the template filled in (parsed once per chunk), or
 * the item's own message, checked by the same {@link MessageFactory} as a single email. Every item
 * gets its own {@code Message-ID}, the job's with the item's index, so a duplicate delivery of one
 * recipient's message is recognisable.
 */
final class BatchMessages {
  private final MessageFactory factory;
  private final JobRef job;
  private final CompiledTemplate template;
  private final String messageIdDomain;

  /**
   * @throws IllegalArgumentException if the manifest's template does not parse
   */
  BatchMessages(MessageFactory factory, SmtpConfig config, BatchManifest manifest) {
    this.factory = factory;
    this.job = manifest.job();
    this.template = manifest.template() == null ? null : CompiledTemplate.of(manifest.template());
    this.messageIdDomain = config.messageIdDomain();
  }

  MimeMessage build(BatchItem item) throws InvalidMessageException, InvalidItemException {
    EmailMessage message = template == null ? item.message() : template.render(item);
    if (message == null) {
      throw new InvalidItemException("message", "is required in a batch without a template");
    }
    MimeMessage mime = factory.build(new EmailJob(job, message));
    try {
      // the factory numbers messages per job; saveChanges() has run, so this header is what goes
      // out
      mime.setHeader("Message-ID", messageId(job, item.index(), messageIdDomain));
    } catch (MessagingException e) {
      throw new IllegalStateException("could not set the Message-ID of a message we just built", e);
    }
    return mime;
  }

  /**
   * {@code <tenant.jobId.index@domain>}: the parts are percent-encoded, so the dots are
   * unambiguous.
   */
  static String messageId(JobRef job, int index, String domain) {
    String id = MessageIds.of(job, domain);
    int at = id.lastIndexOf('@');
    return id.substring(0, at) + "." + index + id.substring(at);
  }
}
