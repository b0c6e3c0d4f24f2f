package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who a tenant may send as, through the real Jersey stack: acme has its own sender domains, globex
 * none (it sends as the default sender only), and neither may steer the shared relay account with
 * its provider-control headers.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SenderIdentityResourceTest {
  private static final TestApi API = new TestApi();

  static {
    API.config.setDefaultFrom("Jobs <jobs@jobqueue.example>");
    API.config.setSenderDomains("acme=acme.example|.mail.acme.example");
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static String email(String extraPayload) {
    return "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\": \"Hi\","
        + " \"text\": \"x\""
        + extraPayload
        + "}}";
  }

  private static String from(String address) {
    return email(", \"from\": \"" + address + "\"");
  }

  /** The errors of a 400, as {@code field: message}. */
  private static List<String> refused(ApiCalls calls, String body) {
    try (Response response = calls.post(body)) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s", problem).isEqualTo(400);
      var errors = new ArrayList<String>();
      problem
          .path("errors")
          .forEach(e -> errors.add(e.path("field").asText() + ": " + e.path("message").asText()));
      return errors;
    }
  }

  private static void accepted(ApiCalls calls, String body) {
    try (Response response = calls.post(body)) {
      assertThat(response.getStatus()).as("%s", ApiCalls.json(response)).isEqualTo(202);
    }
  }

  @Test
  void refusesAFromOutsideTheTenantsSenderDomainsSayingWhichAreAllowed() {
    assertThat(refused(ACME, from("ceo@globex.example")))
        .singleElement()
        .asString()
        .startsWith("payload.from: ")
        .contains("acme.example, any subdomain of mail.acme.example");
  }

  @Test
  void acceptsAFromAtTheTenantsDomainsOrTheDefaultSender() {
    accepted(ACME, from("billing@acme.example"));
    accepted(ACME, from("news@eu.mail.acme.example"));
    accepted(ACME, from("jobs@jobqueue.example"));
  }

  @Test
  void aTenantWithoutSenderDomainsSendsOnlyAsTheDefaultSender() {
    assertThat(refused(GLOBEX, from("billing@acme.example")))
        .singleElement()
        .asString()
        .startsWith("payload.from: ")
        .contains("no sender domains");
    accepted(GLOBEX, from("jobs@jobqueue.example"));
    accepted(GLOBEX, email(""));
  }

  @Test
  void refusesProviderControlHeadersNamingThem() {
    assertThat(
            refused(
                ACME,
                email(", \"headers\": {\"X-SMTPAPI\": \"{\\\"to\\\": [\\\"eve@evil.test\\\"]}\"}")))
        .singleElement()
        .asString()
        .startsWith("payload.headers.X-SMTPAPI: ")
        .contains("provider-control");
    assertThat(refused(ACME, email(", \"headers\": {\"x-ses-configuration-set\": \"globex\"}")))
        .singleElement()
        .asString()
        .startsWith("payload.headers.x-ses-configuration-set: ");
  }

  @Test
  void acceptsOneClickUnsubscribe() {
    accepted(
        ACME,
        email(
            ", \"headers\": {\"List-Unsubscribe\": \"<https://acme.example/u/17>,"
                + " <mailto:unsubscribe@acme.example>\", \"List-Unsubscribe-Post\":"
                + " \"List-Unsubscribe=One-Click\", \"X-Campaign\": \"spring\"}"));
  }

  @Test
  void refusesOneClickWithoutAnHttpsLink() {
    assertThat(
            refused(
                ACME,
                email(
                    ", \"headers\": {\"List-Unsubscribe-Post\": \"List-Unsubscribe=One-Click\"}")))
        .singleElement()
        .asString()
        .startsWith("payload.headers.List-Unsubscribe-Post: ");
  }

  @Test
  void holdsBatchTemplatesAndMessagesToTheSameRules() {
    assertThat(
            refused(
                ACME,
                "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"from\":"
                    + " \"ceo@globex.example\", \"subject\": \"Hi\", \"text\": \"x\", \"headers\":"
                    + " {\"X-Mailgun-Variables\": \"{}\"}}, \"recipients\": [{\"to\":"
                    + " \"ada@example.com\"}]}}"))
        .extracting(e -> e.substring(0, e.indexOf(": ")))
        .containsExactlyInAnyOrder(
            "payload.template.from", "payload.template.headers.X-Mailgun-Variables");
    assertThat(
            refused(
                ACME,
                "{\"type\": \"email-batch\", \"payload\": {\"messages\": [{\"to\":"
                    + " [\"ada@example.com\"], \"subject\": \"1\", \"text\": \"1\", \"headers\":"
                    + " {\"X-MC-Subaccount\": \"globex\"}}, {\"to\": [\"bob@example.com\"],"
                    + " \"from\": \"billing@globex.example\", \"subject\": \"2\", \"text\":"
                    + " \"2\"}]}}"))
        .extracting(e -> e.substring(0, e.indexOf(": ")))
        .containsExactlyInAnyOrder(
            "payload.messages[0].headers.X-MC-Subaccount", "payload.messages[1].from");
  }

  @Test
  void namesTheJobOfAJobsBatch() {
    try (Response response =
        ACME.postBatch(
            "{\"jobs\": ["
                + from("ceo@globex.example")
                + ", "
                + from("billing@acme.example")
                + "]}")) {
      JsonNode results = ApiCalls.json(response).get("results");
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(results.get(0).path("status").asInt()).isEqualTo(400);
      assertThat(results.get(0).path("problem").path("errors").get(0).path("field").asText())
          .isEqualTo("jobs[0].payload.from");
      assertThat(results.get(1).path("status").asInt()).isEqualTo(202);
    }
  }
}
