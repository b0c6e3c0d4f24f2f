package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An {@code email-batch} job's payload: one templated message to many recipients ({@link
 * #templated}), or many distinct messages ({@link #messages}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailBatchPayload(
    Template template, List<Recipient> recipients, List<EmailPayload> messages) {

  public static EmailBatchPayload templated(Template template, List<Recipient> recipients) {
    return new EmailBatchPayload(template, List.copyOf(recipients), null);
  }

  public static EmailBatchPayload messages(List<EmailPayload> messages) {
    return new EmailBatchPayload(null, null, List.copyOf(messages));
  }

  /** The one message; {@code {{name}}} placeholders are filled from each recipient's vars. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Template(
      String from,
      String replyTo,
      String subject,
      String text,
      String html,
      Map<String, String> headers) {
    public static Template text(String subject, String text) {
      return new Template(null, null, subject, text, null, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Recipient(String to, Map<String, String> vars) {
    public static Recipient of(String to, Map<String, String> vars) {
      return new Recipient(to, Map.copyOf(vars));
    }
  }
}
