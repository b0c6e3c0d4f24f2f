package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.api.http.BodyLimit;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.template.CompiledTemplate;
import dev.jobqueue.template.InvalidItemException;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a checked batch becomes: its items, its canonical form and hash, its measured messages. */
class BatchRulesTest {
  private static final ObjectMapper MAPPER = ApiJson.configure(Jackson.newObjectMapper());
  private static final Submissions SUBMISSIONS =
      new Submissions(
          MAPPER,
          RetryConfig.DEFAULT,
          SenderDomains.parse("acme=acme.example", "Jobs <jobs@jobqueue.example>"));

  private static Submission read(String json) throws IOException {
    return SUBMISSIONS.read(
        new dev.jobqueue.job.JobRef("batch-1", "acme"),
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        BodyLimit.NONE);
  }

  private static String recipients(int n) {
    var list = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      list.add(
          "{\"to\": \"user"
              + i
              + "@example.com\", \"vars\": {\"name\": \"User "
              + i
              + "\", \"n\": \""
              + i
              + "\"}}");
    }
    return "[" + String.join(", ", list) + "]";
  }

  @Test
  void keepsOnlyTheTemplateAndADigestOfTheRecipientsInTheCanonicalRequest() throws IOException {
    var submission =
        read(
            "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"subject\": \"Hi {{name}}\","
                + " \"text\": \"Dear {{name}}\"}, \"recipients\": "
                + recipients(1_000)
                + "}}");

    var batch = (BatchInput) submission.input();
    assertThat(batch.items()).hasSize(1_000);
    assertThat(batch.items().get(7))
        .isEqualTo(BatchItem.templated(7, "user7@example.com", Map.of("name", "User 7", "n", "7")));
    var payload = submission.canonical().get("payload");
    assertThat(payload.get("recipients").get("count").asInt()).isEqualTo(1_000);
    assertThat(payload.get("recipients").get("sha256").asText()).matches("[0-9a-f]{64}");
    assertThat(payload.get("template").get("subject").asText()).isEqualTo("Hi {{name}}");
    assertThat(submission.canonical().toString())
        .doesNotContain("user7@example.com")
        .hasSizeLessThan(1_000);
  }

  @Test
  void hashesTheSameBatchTheSameHoweverItIsWritten() throws IOException {
    var compact =
        read(
            "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"subject\": \"Hi {{name}}\","
                + " \"text\": \"x\"}, \"recipients\": [{\"to\": \"ada@example.com\", \"vars\":"
                + " {\"name\": \"Ada\", \"city\": \"London\"}}]}}");
    var spelledOut =
        read(
            "{\"priority\": 3, \"payload\": {\"recipients\": [{\"vars\": {\"city\": \"London\","
                + " \"name\": \"Ada\"}, \"to\": \"ada@example.com\"}], \"template\": {\"text\":"
                + " \"x\", \"subject\": \"Hi {{name}}\"}}, \"type\": \"email-batch\"}");
    var otherVars =
        read(
            "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"subject\": \"Hi {{name}}\","
                + " \"text\": \"x\"}, \"recipients\": [{\"to\": \"ada@example.com\", \"vars\":"
                + " {\"name\": \"Ada\", \"city\": \"Paris\"}}]}}");

    assertThat(spelledOut.requestHash())
        .as("payload before type: read as a tree")
        .isEqualTo(compact.requestHash());
    assertThat(otherVars.requestHash()).isNotEqualTo(compact.requestHash());
  }

  @Test
  void takesEachDistinctMessageAsAnEmail() throws IOException {
    var submission =
        read(
            "{\"type\": \"email-batch\", \"payload\": {\"messages\": [{\"to\":"
                + " [\"ada@example.com\"], \"subject\": \"One\", \"text\": \"1\", \"headers\":"
                + " {\"X-B\": \"2\", \"X-A\": \"1\"}}, {\"to\": [\"bob@example.com\"], \"cc\":"
                + " [\"cy@example.com\"], \"subject\": \"Two\", \"html\": \"<p>2</p>\"}]}}");

    var batch = (BatchInput) submission.input();
    assertThat(batch.templated()).isFalse();
    assertThat(batch.items().get(1).message())
        .isEqualTo(
            new EmailMessage(
                java.util.List.of("bob@example.com"),
                java.util.List.of("cy@example.com"),
                null,
                null,
                null,
                "Two",
                null,
                "<p>2</p>",
                null));
    assertThat(submission.canonical().get("payload").get("messages").get("count").asInt())
        .isEqualTo(2);
  }

  @Test
  void holdsTheTemplatesAndEachMessagesFromToTheTenantsSenderDomains() {
    var template =
        catchThrowableOfType(
            ApiProblem.class,
            () ->
                read(
                    "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"from\":"
                        + " \"ceo@globex.example\", \"subject\": \"Hi\", \"text\": \"x\"},"
                        + " \"recipients\": [{\"to\": \"ada@example.com\"}]}}"));
    assertThat(template.errors())
        .extracting(FieldError::field)
        .containsExactly("payload.template.from");

    var messages =
        catchThrowableOfType(
            ApiProblem.class,
            () ->
                read(
                    "{\"type\": \"email-batch\", \"payload\": {\"messages\": [{\"to\":"
                        + " [\"ada@example.com\"], \"from\": \"billing@acme.example\","
                        + " \"subject\": \"1\", \"text\": \"1\", \"headers\":"
                        + " {\"X-PM-Message-Stream\": \"other\"}}, {\"to\": [\"bob@example.com\"],"
                        + " \"from\": \"billing@globex.example\", \"subject\": \"2\", \"text\":"
                        + " \"2\"}]}}"));
    assertThat(messages.errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "payload.messages[0].headers.X-PM-Message-Stream", "payload.messages[1].from");
    assertThat(messages.errors())
        .filteredOn(e -> e.field().endsWith(".from"))
        .singleElement()
        .extracting(FieldError::message)
        .asString()
        .contains("acme.example");
  }

  @Test
  void measuresEachFieldAsTheWorkersRenderIt() throws InvalidItemException {
    var template =
        new MessageTemplate(
            null,
            null,
            "Hi {{ name }}, {{name}} é {{city}}",
            "Dear {{name}} from {{city}}.\n{{name}}",
            "<p>{{name}} &amp; {{ city }}</p>",
            null);
    var vars = Map.of("name", "Ada <\"O'Neil\"> & co ✓", "city", "Zürich");

    EmailMessage rendered =
        CompiledTemplate.of(template).render(BatchItem.templated(0, "ada@example.com", vars));

    assertThat(Placeholders.of(template.subject()).chars(vars))
        .isEqualTo(rendered.subject().codePointCount(0, rendered.subject().length()));
    assertThat(Placeholders.of(template.text()).bytes(vars, false))
        .isEqualTo(rendered.text().getBytes(StandardCharsets.UTF_8).length);
    assertThat(Placeholders.of(template.html()).bytes(vars, true))
        .isEqualTo(rendered.html().getBytes(StandardCharsets.UTF_8).length);
    assertThat(Placeholders.of(template.text()).names()).containsExactly("name", "city");
  }
}
