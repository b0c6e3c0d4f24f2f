package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An {@code email} job's payload. {@link #text} starts one; the {@code with...} methods add the
 * rest. Fields left null are left out, and the server applies its defaults (its {@code from}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailPayload(
    List<String> to,
    List<String> cc,
    List<String> bcc,
    String from,
    String replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers) {

  /** A plain-text email. */
  public static EmailPayload text(List<String> to, String subject, String text) {
    return new EmailPayload(List.copyOf(to), null, null, null, null, subject, text, null, null);
  }

  public EmailPayload withHtml(String html) {
    return new EmailPayload(to, cc, bcc, from, replyTo, subject, text, html, headers);
  }

  public EmailPayload withFrom(String from) {
    return new EmailPayload(to, cc, bcc, from, replyTo, subject, text, html, headers);
  }

  public EmailPayload withReplyTo(String replyTo) {
    return new EmailPayload(to, cc, bcc, from, replyTo, subject, text, html, headers);
  }

  public EmailPayload withCc(List<String> cc) {
    return new EmailPayload(to, List.copyOf(cc), bcc, from, replyTo, subject, text, html, headers);
  }

  public EmailPayload withBcc(List<String> bcc) {
    return new EmailPayload(to, cc, List.copyOf(bcc), from, replyTo, subject, text, html, headers);
  }

  /** {@code X-} headers and {@code List-Unsubscribe}/{@code List-Unsubscribe-Post}. */
  public EmailPayload withHeaders(Map<String, String> headers) {
    return new EmailPayload(to, cc, bcc, from, replyTo, subject, text, html, Map.copyOf(headers));
  }
}
