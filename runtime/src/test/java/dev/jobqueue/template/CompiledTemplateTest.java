package dev.jobqueue.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.EmailMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompiledTemplateTest {
  private static final MessageTemplate TEMPLATE =
      new MessageTemplate(
          "Billing <billing@example.com>",
          "help@example.com",
          "Invoice {{ invoice.no }} for {{name}}",
          "Dear {{name}},\nyou owe {{amount}}.",
          "<p>Dear {{name}}</p>",
          Map.of("X-Campaign", "march"));

  private static BatchItem item(Map<String, String> vars) {
    return BatchItem.templated(7, "ada@example.org", vars);
  }

  @Test
  void fillsEachFieldFromTheRecipientsVars() throws InvalidItemException {
    EmailMessage message =
        CompiledTemplate.of(TEMPLATE)
            .render(item(Map.of("name", "Ada", "invoice.no", "A-17", "amount", "€3")));

    assertThat(message)
        .isEqualTo(
            new EmailMessage(
                List.of("ada@example.org"),
                null,
                null,
                "Billing <billing@example.com>",
                "help@example.com",
                "Invoice A-17 for Ada",
                "Dear Ada,\nyou owe €3.",
                "<p>Dear Ada</p>",
                Map.of("X-Campaign", "march")));
  }

  @Test
  void insertsValuesWithoutReadingThemAsTemplates() throws InvalidItemException {
    EmailMessage message =
        CompiledTemplate.of(TEMPLATE)
            .render(item(Map.of("name", "{{amount}}", "invoice.no", "1", "amount", "secret")));

    assertThat(message.subject()).isEqualTo("Invoice 1 for {{amount}}");
  }

  @Test
  void escapesValuesInTheHtmlBodyOnly() throws InvalidItemException {
    EmailMessage message =
        CompiledTemplate.of(TEMPLATE)
            .render(item(Map.of("name", "<b>Ada</b> & 'co'", "invoice.no", "1", "amount", "1")));

    assertThat(message.html()).isEqualTo("<p>Dear &lt;b&gt;Ada&lt;/b&gt; &amp; &#39;co&#39;</p>");
    assertThat(message.text()).startsWith("Dear <b>Ada</b> & 'co',");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Ada\r\nBcc: victim@example.com", "Ada\nBcc: victim@example.com", "Ada\u0000"})
  void refusesAValueThatWouldBreakTheSubject(String name) {
    var compiled = CompiledTemplate.of(TEMPLATE);

    InvalidItemException e =
        catchThrowableOfType(
            InvalidItemException.class,
            () -> compiled.render(item(Map.of("name", name, "invoice.no", "1", "amount", "1"))));

    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("vars.name");
    assertThat(e.getMessage()).contains("subject", "line breaks");
  }

  @Test
  void allowsLineBreaksInBodyOnlyPlaceholders() throws InvalidItemException {
    EmailMessage message =
        CompiledTemplate.of(TEMPLATE)
            .render(item(Map.of("name", "Ada", "invoice.no", "1", "amount", "1\n2")));

    assertThat(message.text()).endsWith("you owe 1\n2.");
  }

  @Test
  void aMissingValueIsAnErrorOfTheItem() {
    InvalidItemException e =
        catchThrowableOfType(
            InvalidItemException.class,
            () -> CompiledTemplate.of(TEMPLATE).render(item(Map.of("name", "Ada"))));

    assertThat(e.field()).isEqualTo("vars.invoice.no");
  }

  @Test
  void anItemWithoutAnAddressIsAnErrorOfTheItem() {
    InvalidItemException e =
        catchThrowableOfType(
            InvalidItemException.class,
            () -> CompiledTemplate.of(TEMPLATE).render(BatchItem.templated(0, " ", Map.of())));

    assertThat(e.field()).isEqualTo("to");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Hi {{first name}}", "Hi {{name", "Hi {{}}", "Hi {{na{{me}}", "Hi {{na/me}}"})
  void refusesAMalformedPlaceholderNamingTheField(String text) {
    var template = new MessageTemplate(null, null, "Hi", text, null, null);

    assertThatThrownBy(() -> CompiledTemplate.of(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("text: malformed placeholder");
  }

  @Test
  void refusesASubjectTemplateWithALineBreak() {
    var template =
        new MessageTemplate(null, null, "Hi\r\nBcc: victim@example.com", "x", null, null);

    assertThatThrownBy(() -> CompiledTemplate.of(template)).hasMessageStartingWith("subject:");
  }
}
