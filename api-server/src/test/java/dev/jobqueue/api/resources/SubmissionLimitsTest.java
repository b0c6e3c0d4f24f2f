package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input limit of the spec, through the real Jersey stack: each bad request is answered 4xx as
 * problem+json naming the offending field, never 5xx, and no job is started.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SubmissionLimitsTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static String email(String payloadFields) {
    return "{\"type\": \"email\", \"payload\": {" + payloadFields + "}}";
  }

  private static String validEmail(String extraPayload) {
    return email(
        "\"to\": [\"ada@example.com\"], \"subject\": \"Hi\", \"text\": \"x\"" + extraPayload);
  }

  private static String withTop(String extraTop) {
    return "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\": \"Hi\","
        + " \"text\": \"x\"}"
        + extraTop
        + "}";
  }

  private static String pdf(String payloadFields) {
    return "{\"type\": \"pdf\", \"payload\": {\"template\": \"statement\"" + payloadFields + "}}";
  }

  private static final String ROW =
      "{\"date\": \"2026-01-31\", \"description\": \"Widget\", \"quantity\": 2, \"unitPriceCents\":"
          + " 150}";

  private static String addresses(int n) {
    var list = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      list.add("\"user" + i + "@example.com\"");
    }
    return "[" + String.join(", ", list) + "]";
  }

  private static String at(Instant instant) {
    return "\"" + instant.truncatedTo(ChronoUnit.SECONDS) + "\"";
  }

  static Stream<Arguments> badRequests() {
    Instant now = API.clock.instant();
    String big = "x".repeat(520 * 1024);
    return Stream.of(
        // the body as a whole
        bad("malformed JSON", "{\"type\": \"email\",", 400, "body"),
        bad("not an object", "[]", 400, "body"),
        bad("JSON null", "null", 400, "body"),
        bad("empty body", "", 400, "body"),
        bad("trailing garbage", Payloads.EMAIL + " {}", 400, "body"),
        bad("unknown top-level field", withTop(", \"colour\": \"red\""), 400, "colour"),
        bad("duplicate field", withTop(", \"priority\": 1, \"priority\": 2"), 400, "priority"),
        // type
        bad("type missing", "{\"payload\": {}}", 400, "type"),
        bad("unknown type", "{\"type\": \"sms\", \"payload\": {}}", 400, "type"),
        bad("type not a string", "{\"type\": 5, \"payload\": {}}", 400, "type"),
        // payload
        bad("payload missing", "{\"type\": \"email\"}", 400, "payload"),
        bad("payload not an object", "{\"type\": \"email\", \"payload\": \"hi\"}", 400, "payload"),
        bad("unknown payload field", validEmail(", \"colour\": \"red\""), 400, "payload.colour"),
        // priority
        bad("priority as a string", withTop(", \"priority\": \"3\""), 400, "priority"),
        bad("priority fractional", withTop(", \"priority\": 3.5"), 400, "priority"),
        bad("priority 0", withTop(", \"priority\": 0"), 400, "priority"),
        bad("priority 6", withTop(", \"priority\": 6"), 400, "priority"),
        bad("priority out of range", withTop(", \"priority\": 99999999999"), 400, "priority"),
        // runAt and deadline
        bad("runAt malformed", withTop(", \"runAt\": \"tomorrow\""), 400, "runAt"),
        bad("runAt without offset", withTop(", \"runAt\": \"2030-01-01T09:00:00\""), 400, "runAt"),
        bad("runAt not a string", withTop(", \"runAt\": 1767254400"), 400, "runAt"),
        bad(
            "runAt over a year ahead",
            withTop(", \"runAt\": " + at(now.plus(366, ChronoUnit.DAYS))),
            400,
            "runAt"),
        bad("deadline malformed", withTop(", \"deadline\": \"24h\""), 400, "deadline"),
        bad("deadline in months", withTop(", \"deadline\": \"P1M\""), 400, "deadline"),
        bad("deadline lower case", withTop(", \"deadline\": \"pt1h\""), 400, "deadline"),
        bad("deadline negative", withTop(", \"deadline\": \"-PT1H\""), 400, "deadline"),
        bad("deadline zero", withTop(", \"deadline\": \"PT0S\""), 400, "deadline"),
        bad("deadline over 30 days", withTop(", \"deadline\": \"P31D\""), 400, "deadline"),
        bad(
            "deadline overflowing",
            withTop(", \"deadline\": \"PT99999999999999999999H\""),
            400,
            "deadline"),
        // email: recipients
        bad("to missing", email("\"subject\": \"Hi\", \"text\": \"x\""), 400, "payload.to"),
        bad(
            "to empty",
            email("\"to\": [], \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to"),
        bad(
            "to a string",
            email("\"to\": \"ada@example.com\", \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to"),
        bad(
            "to over 50",
            email("\"to\": " + addresses(51) + ", \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to"),
        bad(
            "to invalid address",
            email(
                "\"to\": [\"a@example.com\", \"b@example.com\", \"not an address\"], \"subject\":"
                    + " \"Hi\", \"text\": \"x\""),
            400,
            "payload.to[2]"),
        bad(
            "to with CRLF",
            email(
                "\"to\": [\"ada@example.com\\r"
                    + "\\n"
                    + "Bcc: eve@evil.test\"], \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to[0]"),
        bad(
            "to with display name",
            email("\"to\": [\"Ada <ada@example.com>\"], \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to[0]"),
        bad(
            "to with two addresses",
            email(
                "\"to\": [\"ada@example.com, eve@evil.test\"], \"subject\": \"Hi\", \"text\":"
                    + " \"x\""),
            400,
            "payload.to[0]"),
        bad(
            "to with null",
            email("\"to\": [null], \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to[0]"),
        bad("optional field null", validEmail(", \"cc\": null"), 400, "payload.cc"),
        bad("priority null", withTop(", \"priority\": null"), 400, "priority"),
        bad(
            "to without domain dot",
            email("\"to\": [\"ada@localhost\"], \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.to[0]"),
        bad("cc over 50", validEmail(", \"cc\": " + addresses(51)), 400, "payload.cc"),
        bad("bcc invalid", validEmail(", \"bcc\": [\"@example.com\"]"), 400, "payload.bcc[0]"),
        bad(
            "over 100 recipients",
            email(
                "\"to\": "
                    + addresses(50)
                    + ", \"cc\": "
                    + addresses(50)
                    + ", \"bcc\": [\"x@example.com\"], \"subject\": \"Hi\", \"text\": \"x\""),
            400,
            "payload.bcc"),
        bad("from invalid", validEmail(", \"from\": \"billing\""), 400, "payload.from"),
        bad(
            "replyTo invalid",
            validEmail(", \"replyTo\": \"a@b@example.com\""),
            400,
            "payload.replyTo"),
        // email: subject and body
        bad(
            "subject missing",
            email("\"to\": [\"ada@example.com\"], \"text\": \"x\""),
            400,
            "payload.subject"),
        bad(
            "subject with LF",
            email(
                "\"to\": [\"ada@example.com\"], \"subject\": \"Hi\\n"
                    + "Bcc: eve@evil.test\", \"text\": \"x\""),
            400,
            "payload.subject"),
        bad(
            "subject over 998",
            email(
                "\"to\": [\"ada@example.com\"], \"subject\": \""
                    + "s".repeat(999)
                    + "\", \"text\": \"x\""),
            400,
            "payload.subject"),
        bad(
            "neither text nor html",
            email("\"to\": [\"ada@example.com\"], \"subject\": \"Hi\""),
            400,
            "payload.text"),
        bad(
            "text over 512 KiB",
            email("\"to\": [\"ada@example.com\"], \"subject\": \"Hi\", \"text\": \"" + big + "\""),
            400,
            "payload.text"),
        bad(
            "text and html over 512 KiB",
            email(
                "\"to\": [\"ada@example.com\"], \"subject\": \"Hi\", \"text\": \""
                    + big.substring(200_000)
                    + "\", \"html\": \""
                    + big.substring(200_000)
                    + "\""),
            400,
            "payload.html"),
        // email: headers
        bad(
            "header not X-",
            validEmail(", \"headers\": {\"Bcc\": \"eve@evil.test\"}"),
            400,
            "payload.headers.Bcc"),
        bad(
            "header name with colon",
            validEmail(", \"headers\": {\"X-A:b\": \"v\"}"),
            400,
            "payload.headers.X-A:b"),
        bad(
            "header value with CRLF",
            validEmail(", \"headers\": {\"X-Tag\": \"a\\r\\nBcc: eve@evil.test\"}"),
            400,
            "payload.headers.X-Tag"),
        bad(
            "header value not a string",
            validEmail(", \"headers\": {\"X-Tag\": 5}"),
            400,
            "payload.headers.X-Tag"),
        bad(
            "header provider-control",
            validEmail(", \"headers\": {\"X-SMTPAPI\": \"{}\"}"),
            400,
            "payload.headers.X-SMTPAPI"),
        bad(
            "header provider-control prefix, lower case",
            validEmail(", \"headers\": {\"x-pm-message-stream\": \"broadcast\"}"),
            400,
            "payload.headers.x-pm-message-stream"),
        bad(
            "List-Unsubscribe not a bracketed URI",
            validEmail(", \"headers\": {\"List-Unsubscribe\": \"https://example.com/u\"}"),
            400,
            "payload.headers.List-Unsubscribe"),
        bad(
            "List-Unsubscribe-Post not One-Click",
            validEmail(
                ", \"headers\": {\"List-Unsubscribe\": \"<https://example.com/u>\","
                    + " \"List-Unsubscribe-Post\": \"yes\"}"),
            400,
            "payload.headers.List-Unsubscribe-Post"),
        bad(
            "from outside the tenant's sender domains",
            validEmail(", \"from\": \"billing@example.com\""),
            400,
            "payload.from"),
        bad(
            "List- header in another spelling",
            validEmail(", \"headers\": {\"list-unsubscribe\": \"<https://example.com/u>\"}"),
            400,
            "payload.headers.list-unsubscribe"),
        // pdf
        bad(
            "pdf unknown template",
            "{\"type\": \"pdf\", \"payload\": {\"template\": \"invoice\", \"sample\": {\"rows\":"
                + " 1}}}",
            400,
            "payload.template"),
        bad("pdf neither rows nor sample", pdf(""), 400, "payload.rows"),
        bad(
            "pdf both rows and sample",
            pdf(", \"rows\": [" + ROW + "], \"sample\": {\"rows\": 1}"),
            400,
            "payload.rows"),
        bad(
            "pdf title over 200",
            pdf(", \"title\": \"" + "t".repeat(201) + "\", \"sample\": {\"rows\": 1}"),
            400,
            "payload.title"),
        bad("pdf rows empty", pdf(", \"rows\": []"), 400, "payload.rows"),
        bad(
            "pdf row date with 5-digit year",
            pdf(", \"rows\": [" + ROW.replace("2026-01-31", "+10000-01-31") + "]"),
            400,
            "payload.rows[0].date"),
        bad(
            "pdf row date not ISO",
            pdf(", \"rows\": [" + ROW.replace("2026-01-31", "31/01/2026") + "]"),
            400,
            "payload.rows[0].date"),
        bad(
            "pdf row description missing",
            pdf(", \"rows\": [{\"date\": \"2026-01-31\", \"quantity\": 1, \"unitPriceCents\": 1}]"),
            400,
            "payload.rows[0].description"),
        bad(
            "pdf row quantity negative",
            pdf(", \"rows\": [" + ROW.replace("\"quantity\": 2", "\"quantity\": -1") + "]"),
            400,
            "payload.rows[0].quantity"),
        bad(
            "pdf row price missing",
            pdf(
                ", \"rows\": [{\"date\": \"2026-01-31\", \"description\": \"W\", \"quantity\":"
                    + " 1}]"),
            400,
            "payload.rows[0].unitPriceCents"),
        bad(
            "pdf row unknown field",
            pdf(", \"rows\": [" + ROW.replace("}", ", \"colour\": \"red\"}") + "]"),
            400,
            "payload.rows[0].colour"),
        bad(
            "pdf row amount overflows",
            pdf(
                ", \"rows\": ["
                    + ROW.replace("\"quantity\": 2", "\"quantity\": 9223372036854775807")
                    + "]"),
            400,
            "payload.rows[0]"),
        bad("pdf sample rows 0", pdf(", \"sample\": {\"rows\": 0}"), 400, "payload.sample.rows"),
        bad(
            "pdf sample over 10M rows",
            pdf(", \"sample\": {\"rows\": 10000001}"),
            400,
            "payload.sample.rows"),
        bad(
            "pdf sample unknown field",
            pdf(", \"sample\": {\"rows\": 1, \"colour\": \"red\"}"),
            400,
            "payload.sample.colour"),
        bad(
            "pdf sample rows a string",
            pdf(", \"sample\": {\"rows\": \"1\"}"),
            400,
            "payload.sample.rows"));
  }

  private static Arguments bad(String name, String body, int status, String field) {
    return Arguments.of(name, body, status, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectsNamingTheField(String name, String body, int status, String field) {
    try (Response response = ACME.post(body)) {
      assertThat(response.getStatus()).as(name).isEqualTo(status);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      JsonNode problem = ApiCalls.json(response);
      assertThat(problem.path("status").asInt()).isEqualTo(status);
      List<String> fields = new ArrayList<>();
      problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
      assertThat(fields).as("errors of %s", problem).contains(field);
      problem.path("errors").forEach(e -> assertThat(e.path("message").asText()).isNotBlank());
    }
    assertThat(API.registry.find("jobqueue.jobs.submitted").counters()).isEmpty();
  }

  static Stream<Arguments> badIdempotencyKeys() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("256 characters", "k".repeat(256)),
        Arguments.of("control character", "key\u0001"),
        Arguments.of("not ASCII", "clé"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badIdempotencyKeys")
  void rejectsIdempotencyKeysThatAreNotPrintableAscii(String name, String key) {
    try (Response response = ACME.post(Payloads.EMAIL, key)) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).path("errors").get(0).path("field").asText())
          .isEqualTo("Idempotency-Key");
    }
  }

  static Stream<Arguments> oversizedBodies() {
    String huge = "x".repeat(1024 * 1024);
    String rows = ("," + ROW).repeat(13_000).substring(1);
    return Stream.of(
        Arguments.of(
            "text over 1 MiB", "{\"type\": \"email\", \"payload\": {\"text\": \"" + huge + "\"}}"),
        Arguments.of("rows over 1 MiB", pdf(", \"rows\": [" + rows + "]")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedBodies")
  void refusesBodiesOverOneMebibyte(String name, String body) {
    try (Response response = ACME.post(body)) {
      assertThat(response.getStatus()).as("%s", ApiCalls.json(response)).isEqualTo(413);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listParameters")
  void rejectsBadListParametersNamingThem(String query, String field) {
    try (Response response = ACME.get("/v1/jobs?" + query)) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(ApiCalls.json(response).path("errors").get(0).path("field").asText())
          .isEqualTo(field);
    }
  }

  static Stream<Arguments> listParameters() {
    return Stream.of(
        Arguments.of("pageSize=0", "pageSize"),
        Arguments.of("pageSize=101", "pageSize"),
        Arguments.of("pageSize=ten", "pageSize"),
        Arguments.of("pageSize=-1", "pageSize"),
        Arguments.of("type=sms", "type"),
        Arguments.of("status=DONE", "status"),
        Arguments.of("status=retrying", "status"),
        Arguments.of("pageToken=***", "pageToken"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mediaTypes")
  void refusesBodiesThatAreNotJson(String mediaType) {
    try (Response response =
        ACME.request("/v1/jobs").post(Entity.entity(Payloads.EMAIL, mediaType))) {
      assertThat(response.getStatus()).isEqualTo(415);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }
  }

  static Stream<String> mediaTypes() {
    return Stream.of("text/plain", "application/x-www-form-urlencoded", "application/xml");
  }
}
