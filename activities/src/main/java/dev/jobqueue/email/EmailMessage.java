package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * One message as a client asked for it. Validation happens at the API and again in the sender (a
 * worker must not trust its input to have come through the API).
 *
 * @param from the sender; null means the worker's configured default (the API holds it to the
 *     tenant's sender domains)
 * @param headers extra headers: {@code X-} names except provider-control ones, and {@code
 *     List-Unsubscribe} / {@code List-Unsubscribe-Post} ({@link HeaderRules})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailMessage(
    List<String> to,
    List<String> cc,
    List<String> bcc,
    String from,
    String replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers) {

  public EmailMessage {
    to = to == null ? List.of() : List.copyOf(to);
    cc = cc == null ? List.of() : List.copyOf(cc);
    bcc = bcc == null ? List.of() : List.copyOf(bcc);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A plain-text message with no copies and the default sender. */
  public static EmailMessage text(List<String> to, String subject, String text) {
    return new EmailMessage(to, null, null, null, null, subject, text, null, null);
  }
}
