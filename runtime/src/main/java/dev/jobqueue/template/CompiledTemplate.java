package dev.jobqueue.template;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.rules.Text;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@link MessageTemplate} with its placeholders parsed, ready to render one message per
 * recipient. Safe for concurrent use.
 *
 * <p>Values are inserted literally into the text body, HTML-escaped into the HTML body, and refused
 * in the subject if they hold a line break: a recipient's data can change what the message says,
 * never which headers it has.
 */
public final class CompiledTemplate {
  /** A placeholder: {@code {{name}}}, the name 1 to 100 letters, digits, '_', '.' or '-'. */
  public static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]{1,100})\\s*}}");

  private final MessageTemplate template;
  private final TextTemplate subject;
  private final TextTemplate text;
  private final TextTemplate html;

  /**
   * Parses the placeholders once, for rendering many recipients.
   *
   * @throws IllegalArgumentException naming the field, if a {@code {{} does not open a valid
   *     placeholder or the subject holds a line break; the API answers this with a 422
   */
  public static CompiledTemplate of(MessageTemplate template) {
    return new CompiledTemplate(template);
  }

  private CompiledTemplate(MessageTemplate template) {
    this.template = template;
    if (template.subject() != null && Text.hasControlCharacters(template.subject())) {
      throw new IllegalArgumentException(
          "subject: must not contain line breaks or control characters");
    }
    this.subject = parse("subject", template.subject(), TextTemplate.Context.HEADER);
    this.text = parse("text", template.text(), TextTemplate.Context.TEXT);
    this.html = parse("html", template.html(), TextTemplate.Context.HTML);
  }

  private static TextTemplate parse(String field, String source, TextTemplate.Context context) {
    return source == null ? null : TextTemplate.parse(field, source, context);
  }

  /**
   * The message for {@code item}: the template filled with its vars, sent to its address.
   *
   * @throws InvalidItemException if the item has no address, lacks a value the template uses, or a
   *     value would break the subject
   */
  public EmailMessage render(BatchItem item) throws InvalidItemException {
    if (item.to() == null || item.to().isBlank()) {
      throw new InvalidItemException("to", "is required");
    }
    return new EmailMessage(
        List.of(item.to()),
        null,
        null,
        template.from(),
        template.replyTo(),
        subject == null ? null : subject.render(item.vars()),
        text == null ? null : text.render(item.vars()),
        html == null ? null : html.render(item.vars()),
        template.headers());
  }
}
