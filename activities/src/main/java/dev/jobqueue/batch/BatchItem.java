package dev.jobqueue.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.email.EmailMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One recipient (templated mode) or one message (distinct mode) of an {@code email-batch} job, as
 * staged in the batch store. Never travels through Temporal: only its chunk number does.
 *
 * @param index 0-based position in the batch; the item's identity in outcomes and Message-IDs
 * @param to the recipient, in templated mode
 * @param vars the values of the template's placeholders for this recipient, in templated mode
 * @param message the whole message, in distinct mode
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchItem(int index, String to, Map<String, String> vars, EmailMessage message) {
  public BatchItem {
    // not Map.copyOf: a null value must reach the renderer, which names it, not fail here
    vars = vars == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }

  public static BatchItem templated(int index, String to, Map<String, String> vars) {
    return new BatchItem(index, to, vars, null);
  }

  public static BatchItem distinct(int index, EmailMessage message) {
    return new BatchItem(index, null, null, message);
  }

  /** Who the item goes to, as outcomes show it: the first addressee of a distinct message. */
  public String recipient() {
    if (to != null || message == null) {
      return to;
    }
    return message.to().isEmpty() ? null : message.to().getFirst();
  }
}
