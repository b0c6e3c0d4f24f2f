package dev.jobqueue.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The one message of a templated batch. {@code subject}, {@code text} and {@code html} may hold
 * {@code {{name}}} placeholders, filled per recipient from {@link BatchItem#vars()}; the other
 * fields are sent as written.
 *
 * @param from the sender; null means the worker's configured default
 * @param headers extra headers; only {@code X-} names are accepted by the sender
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageTemplate(
    String from,
    String replyTo,
    String subject,
    String text,
    String html,
    Map<String, String> headers) {

  public MessageTemplate {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
