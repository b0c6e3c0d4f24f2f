package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every limit of an {@code email-batch} through the real Jersey stack: each bad batch is answered
 * 400 naming the offending field (413 over the body limit), nothing is staged and no job starts.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchSubmissionLimitsTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  private static final String TEMPLATE =
      "{\"subject\": \"Hi {{name}}\", \"text\": \"Dear {{name}}\"}";
  private static final String ADA = "{\"to\": \"ada@example.com\", \"vars\": {\"name\": \"Ada\"}}";

  @AfterAll
  static void stop() {
    API.close();
  }

  private static String batch(String payloadFields) {
    return "{\"type\": \"email-batch\", \"payload\": {" + payloadFields + "}}";
  }

  private static String templated(String template, String recipients) {
    return batch("\"template\": " + template + ", \"recipients\": " + recipients);
  }

  /**
   * A template with {@code field} set to {@code value} (raw JSON), the rest as {@link #TEMPLATE}.
   */
  private static String template(String fields) {
    return "{\"subject\": \"Hi {{name}}\", \"text\": \"Dear {{name}}\"" + fields + "}";
  }

  private static String recipients(String... recipients) {
    return "[" + String.join(", ", recipients) + "]";
  }

  private static String recipient(String to, String vars) {
    return "{\"to\": \"" + to + "\", \"vars\": " + vars + "}";
  }

  /** {@code n} valid recipients, short: {"to": "u1@x.io", "vars": {"name": "1"}}. */
  static String manyRecipients(int n) {
    var out = new StringBuilder(n * 48).append('[');
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",")
          .append("{\"to\":\"u")
          .append(i)
          .append("@x.io\",\"vars\":{\"name\":\"")
          .append(i)
          .append("\"}}");
    }
    return out.append(']').toString();
  }

  private static String message(String fields) {
    return "{\"to\": [\"ada@example.com\"], \"subject\": \"Hi\", \"text\": \"x\"" + fields + "}";
  }

  private static String manyMessages(int n) {
    var list = new ArrayList<String>(n);
    for (int i = 0; i < n; i++) {
      list.add("{\"to\":[\"u" + i + "@x.io\"],\"subject\":\"s\",\"text\":\"t\"}");
    }
    return "[" + String.join(",", list) + "]";
  }

  static Stream<Arguments> badBatches() {
    String longName = "n".repeat(65);
    return Stream.of(
        // modes
        bad(
            "both modes",
            batch(
                "\"template\": "
                    + TEMPLATE
                    + ", \"recipients\": ["
                    + ADA
                    + "], \"messages\": ["
                    + message("")
                    + "]"),
            "payload.messages"),
        bad("neither mode", batch(""), "payload.recipients"),
        bad(
            "recipients without a template",
            batch("\"recipients\": [" + ADA + "]"),
            "payload.template"),
        bad(
            "template without recipients",
            batch("\"template\": " + TEMPLATE),
            "payload.recipients"),
        bad(
            "messages with a template",
            batch("\"template\": " + TEMPLATE + ", \"messages\": [" + message("") + "]"),
            "payload.messages"),
        bad(
            "unknown payload field",
            batch(
                "\"template\": "
                    + TEMPLATE
                    + ", \"recipients\": ["
                    + ADA
                    + "], \"colour\": \"red\""),
            "payload.colour"),
        bad("payload not an object", "{\"type\": \"email-batch\", \"payload\": []}", "payload"),
        // recipients
        bad("recipients empty", templated(TEMPLATE, "[]"), "payload.recipients"),
        bad("recipients not an array", templated(TEMPLATE, "{}"), "payload.recipients"),
        bad("recipients null", templated(TEMPLATE, "null"), "payload.recipients"),
        bad(
            "100,001 recipients",
            templated(TEMPLATE, manyRecipients(100_001)),
            "payload.recipients"),
        bad(
            "recipient null",
            templated(TEMPLATE, recipients(ADA, "null")),
            "payload.recipients[1]"),
        bad(
            "recipient not an object",
            templated(TEMPLATE, recipients("\"ada@example.com\"")),
            "payload.recipients[0]"),
        bad(
            "recipient to missing",
            templated(TEMPLATE, recipients("{\"vars\": {\"name\": \"Ada\"}}")),
            "payload.recipients[0].to"),
        bad(
            "recipient to invalid",
            templated(
                TEMPLATE, recipients(ADA, ADA, recipient("not an address", "{\"name\": \"x\"}"))),
            "payload.recipients[2].to"),
        bad(
            "recipient to with CRLF",
            templated(
                TEMPLATE,
                recipients(
                    recipient("ada@example.com\\r\\nBcc: eve@evil.test", "{\"name\": \"x\"}"))),
            "payload.recipients[0].to"),
        bad(
            "recipient to with display name",
            templated(
                TEMPLATE, recipients(recipient("Ada <ada@example.com>", "{\"name\": \"x\"}"))),
            "payload.recipients[0].to"),
        bad(
            "recipient to not a string",
            templated(TEMPLATE, recipients("{\"to\": 5, \"vars\": {\"name\": \"x\"}}")),
            "payload.recipients[0].to"),
        bad(
            "recipient unknown field",
            templated(
                TEMPLATE,
                recipients(
                    "{\"to\": \"ada@example.com\", \"cc\": \"b@example.com\", \"vars\": {\"name\":"
                        + " \"x\"}}")),
            "payload.recipients[0].cc"),
        // vars
        bad(
            "vars not an object",
            templated(TEMPLATE, recipients(recipient("ada@example.com", "[\"Ada\"]"))),
            "payload.recipients[0].vars"),
        bad(
            "vars null",
            templated(TEMPLATE, recipients(recipient("ada@example.com", "null"))),
            "payload.recipients[0].vars"),
        bad(
            "var name with a space",
            templated(
                TEMPLATE,
                recipients(
                    recipient("ada@example.com", "{\"name\": \"Ada\", \"first name\": \"A\"}"))),
            "payload.recipients[0].vars.first name"),
        bad(
            "var name of 65 characters",
            templated(
                TEMPLATE,
                recipients(
                    recipient(
                        "ada@example.com", "{\"name\": \"Ada\", \"" + longName + "\": \"A\"}"))),
            "payload.recipients[0].vars." + longName),
        bad(
            "var value not a string",
            templated(TEMPLATE, recipients(recipient("ada@example.com", "{\"name\": 5}"))),
            "payload.recipients[0].vars.name"),
        bad(
            "var value null",
            templated(TEMPLATE, recipients(recipient("ada@example.com", "{\"name\": null}"))),
            "payload.recipients[0].vars.name"),
        bad(
            "var value over 1000 characters",
            templated(
                TEMPLATE,
                recipients(
                    recipient("ada@example.com", "{\"name\": \"" + "a".repeat(1001) + "\"}"))),
            "payload.recipients[0].vars.name"),
        bad(
            "51 vars",
            templated(TEMPLATE, recipients(recipient("ada@example.com", vars(51)))),
            "payload.recipients[0].vars"),
        bad(
            "var given twice",
            templated(
                TEMPLATE,
                recipients(recipient("ada@example.com", "{\"name\": \"a\", \"name\": \"b\"}"))),
            "payload.recipients[0].vars.name"),
        bad(
            "var the template uses missing",
            templated(
                TEMPLATE, recipients(ADA, recipient("bob@example.com", "{\"nom\": \"Bob\"}"))),
            "payload.recipients[1].vars.name"),
        bad(
            "var in the subject with CRLF",
            templated(
                TEMPLATE,
                recipients(
                    recipient("ada@example.com", "{\"name\": \"Ada\\r\\nBcc: eve@evil.test\"}"))),
            "payload.recipients[0].vars.name"),
        bad(
            "subject over 998 once filled in",
            templated(
                "{\"subject\": \"" + "s".repeat(980) + " {{name}}\", \"text\": \"x\"}",
                recipients(recipient("ada@example.com", "{\"name\": \"" + "a".repeat(20) + "\"}"))),
            "payload.recipients[0].vars"),
        bad(
            "body over 512 KiB once filled in",
            templated(
                "{\"subject\": \"Hi\", \"text\": \"" + "t".repeat(512 * 1024 - 10) + "{{name}}\"}",
                recipients(recipient("ada@example.com", "{\"name\": \"" + "a".repeat(20) + "\"}"))),
            "payload.recipients[0].vars"),
        // template
        bad("template null", templated("null", recipients(ADA)), "payload.template"),
        bad("template not an object", templated("\"Hi\"", recipients(ADA)), "payload.template"),
        bad(
            "template subject missing",
            templated("{\"text\": \"Dear {{name}}\"}", recipients(ADA)),
            "payload.template.subject"),
        bad(
            "template subject with LF",
            templated(
                "{\"subject\": \"Hi\\nBcc: eve@evil.test\", \"text\": \"x\"}", recipients(ADA)),
            "payload.template.subject"),
        bad(
            "template subject over 998",
            templated(
                "{\"subject\": \"" + "s".repeat(999) + "\", \"text\": \"x\"}", recipients(ADA)),
            "payload.template.subject"),
        bad(
            "template without text or html",
            templated("{\"subject\": \"Hi\"}", recipients(ADA)),
            "payload.template.text"),
        bad(
            "template body over 512 KiB",
            templated(
                "{\"subject\": \"Hi\", \"text\": \"" + "t".repeat(512 * 1024 + 1) + "\"}",
                recipients(ADA)),
            "payload.template.text"),
        bad(
            "template malformed placeholder",
            templated("{\"subject\": \"Hi {{first name}}\", \"text\": \"x\"}", recipients(ADA)),
            "payload.template.subject"),
        bad(
            "template placeholder of 65 characters",
            templated(
                "{\"subject\": \"Hi {{" + longName + "}}\", \"text\": \"x\"}", recipients(ADA)),
            "payload.template.subject"),
        bad(
            "template placeholder in html unclosed",
            templated(template(", \"html\": \"<p>{{name</p>\""), recipients(ADA)),
            "payload.template.html"),
        bad(
            "template from invalid",
            templated(template(", \"from\": \"billing\""), recipients(ADA)),
            "payload.template.from"),
        bad(
            "template replyTo invalid",
            templated(template(", \"replyTo\": \"a@b@example.com\""), recipients(ADA)),
            "payload.template.replyTo"),
        bad(
            "template header not X-",
            templated(template(", \"headers\": {\"Bcc\": \"eve@evil.test\"}"), recipients(ADA)),
            "payload.template.headers.Bcc"),
        bad(
            "template header value with CRLF",
            templated(
                template(", \"headers\": {\"X-Tag\": \"a\\r\\nBcc: eve@evil.test\"}"),
                recipients(ADA)),
            "payload.template.headers.X-Tag"),
        bad(
            "template with to",
            templated(template(", \"to\": [\"ada@example.com\"]"), recipients(ADA)),
            "payload.template.to"),
        bad(
            "template field null",
            templated(template(", \"html\": null"), recipients(ADA)),
            "payload.template.html"),
        // distinct messages
        bad("messages empty", batch("\"messages\": []"), "payload.messages"),
        bad("10,001 messages", batch("\"messages\": " + manyMessages(10_001)), "payload.messages"),
        bad("message null", batch("\"messages\": [null]"), "payload.messages[0]"),
        bad(
            "message to invalid",
            batch(
                "\"messages\": ["
                    + message("")
                    + ", "
                    + message("").replace("ada@example.com", "ada")
                    + "]"),
            "payload.messages[1].to[0]"),
        bad(
            "message unknown field",
            batch("\"messages\": [" + message(", \"colour\": \"red\"") + "]"),
            "payload.messages[0].colour"),
        bad(
            "message field null",
            batch("\"messages\": [" + message(", \"cc\": null") + "]"),
            "payload.messages[0].cc"),
        bad(
            "message subject with LF",
            batch(
                "\"messages\": ["
                    + message("").replace("\"Hi\"", "\"Hi\\nBcc: x@evil.test\"")
                    + "]"),
            "payload.messages[0].subject"),
        bad(
            "message subject missing",
            batch("\"messages\": [{\"to\": [\"ada@example.com\"], \"text\": \"x\"}]"),
            "payload.messages[0].subject"),
        bad(
            "message over 100 recipients",
            batch(
                "\"messages\": ["
                    + message(", \"cc\": " + addresses(50) + ", \"bcc\": " + addresses(50))
                    + "]"),
            "payload.messages[0].bcc"),
        // the payload before the type: read as a tree, checked alike
        bad(
            "payload before type",
            "{\"payload\": {\"template\": "
                + TEMPLATE
                + ", \"recipients\": ["
                + recipient("nope", "{\"name\": \"x\"}")
                + "]}, \"type\": \"email-batch\"}",
            "payload.recipients[0].to"),
        bad(
            "payload before type, var missing",
            "{\"payload\": {\"template\": "
                + TEMPLATE
                + ", \"recipients\": ["
                + recipient("ada@example.com", "{}")
                + "]}, \"type\": \"email-batch\"}",
            "payload.recipients[0].vars.name"));
  }

  private static String vars(int n) {
    var list = new ArrayList<String>();
    list.add("\"name\": \"Ada\"");
    for (int i = 1; i < n; i++) {
      list.add("\"v" + i + "\": \"x\"");
    }
    return "{" + String.join(", ", list) + "}";
  }

  private static String addresses(int n) {
    var list = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      list.add("\"user" + i + "@example.com\"");
    }
    return "[" + String.join(", ", list) + "]";
  }

  private static Arguments bad(String name, String body, String field) {
    return Arguments.of(name, body, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBatches")
  void rejectsNamingTheField(String name, String body, String field) throws IOException {
    try (Response response = ACME.post(body)) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s: %s", name, problem).isEqualTo(400);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      List<String> fields = new ArrayList<>();
      problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
      assertThat(fields).as("errors of %s", problem).contains(field);
      problem.path("errors").forEach(e -> assertThat(e.path("message").asText()).isNotBlank());
    }
    assertNothingStarted();
  }

  private static void assertNothingStarted() throws IOException {
    assertThat(API.registry.find("jobqueue.jobs.submitted").counters()).isEmpty();
    try (var staged = java.nio.file.Files.list(API.batchStore)) {
      assertThat(staged.toList()).as("staged batches").isEmpty();
    }
  }

  @Test
  void listsTheFirstHundredItemErrorsAndCountsTheRest() throws IOException {
    var bad = new ArrayList<String>();
    for (int i = 0; i < 150; i++) {
      bad.add(recipient("nobody" + i, "{\"name\": \"x\"}"));
    }

    try (Response response = ACME.post(templated(TEMPLATE, "[" + String.join(",", bad) + "]"))) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(problem.get("errors")).hasSize(101);
      assertThat(problem.get("errors").get(0).get("field").asText())
          .isEqualTo("payload.recipients[0].to");
      assertThat(problem.get("errors").get(100).get("message").asText())
          .startsWith("50 more errors");
    }
    assertNothingStarted();
  }

  static Stream<Arguments> oversizedBodies() {
    String mebibyte = "x".repeat(1024 * 1024);
    return Stream.of(
        Arguments.of(
            "batch over 16 MiB",
            templated(
                TEMPLATE,
                manyRecipients(100_000).replace("\"name\":\"", "\"name\":\"" + "n".repeat(150)))),
        Arguments.of(
            "email over 1 MiB",
            "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\":"
                + " \"Hi\", \"text\": \""
                + mebibyte
                + "\"}}"),
        Arguments.of(
            "email over 1 MiB, type after the payload",
            "{\"payload\": {\"to\": [\"ada@example.com\"], \"subject\": \"Hi\", \"text\": \""
                + mebibyte
                + "\"}, \"type\": \"email\"}"),
        Arguments.of(
            "unknown type over 1 MiB",
            "{\"type\": \"sms\", \"payload\": {\"text\": \"" + mebibyte + "\"}}"),
        Arguments.of("no type, over 1 MiB", "{\"payload\": {\"text\": \"" + mebibyte + "\"}}"),
        Arguments.of("malformed, over 1 MiB", "{\"type\": \"email\", \"payload\": \"" + mebibyte));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedBodies")
  void refusesBodiesOverTheirLimit(String name, String body) throws IOException {
    try (Response response = ACME.post(body)) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s: %s", name, problem.path("detail")).isEqualTo(413);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(problem.get("type").asText()).endsWith(":body-too-large");
    }
    assertNothingStarted();
  }
}
