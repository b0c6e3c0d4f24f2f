package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRulesTest {
  private static final String LINK = "<https://acme.example/unsubscribe/u-17?list=news>";

  /** The fields with a problem, in the order reported. */
  private static List<String> problems(Map<String, String> headers) {
    var problems = new ArrayList<String>();
    HeaderRules.check(headers, "payload.headers", (field, message) -> problems.add(field));
    return problems;
  }

  private static Map<String, String> headers(String... namesAndValues) {
    var headers = new LinkedHashMap<String, String>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "X-SMTPAPI",
        "x-smtpapi",
        "X-SES-CONFIGURATION-SET",
        "x-ses-message-tags",
        "X-PM-Message-Stream",
        "X-Mailgun-Variables",
        "X-MC-Subaccount",
        "X-MSYS-API",
        "x-msys-subaccount",
        "X-MJ-TemplateID",
        "X-Mailjet-Campaign",
        "X-Mailin-custom",
        "X-Sib-Sandbox"
      })
  void refusesProviderControlHeadersIgnoringCase(String name) {
    assertThat(problems(headers(name, "{\"to\": [\"eve@evil.test\"]}")))
        .containsExactly("payload.headers." + name);
    assertThat(HeaderRules.nameProblem(name)).get().asString().contains("provider-control");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-Session-Id", "X-SMTPAPI-Note", "X-Mailer", "X-PMX", "X-MCP"})
  void acceptsXHeadersThatOnlyLookAlike(String name) {
    assertThat(problems(headers(name, "v"))).isEmpty();
  }

  @Test
  void acceptsOneClickUnsubscribe() {
    assertThat(
            problems(
                headers(
                    "List-Unsubscribe",
                    LINK + ", <mailto:unsubscribe@acme.example?subject=u-17>",
                    "List-Unsubscribe-Post",
                    "List-Unsubscribe=One-Click")))
        .isEmpty();
    assertThat(problems(headers("List-Unsubscribe", "<mailto:u@acme.example>"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://acme.example/u",
        "<http://acme.example/u>",
        "<https://acme.example/a b>",
        "<https://acme.example/u>,",
        "<https://acme.example/u> <mailto:u@acme.example>",
        "<https://acmé.example/u>",
        "<javascript:alert(1)>",
        ""
      })
  void refusesListUnsubscribeThatIsNotBracketedHttpsOrMailtoUris(String value) {
    assertThat(problems(headers("List-Unsubscribe", value)))
        .containsExactly("payload.headers.List-Unsubscribe");
  }

  @Test
  void refusesListUnsubscribeWithALineBreak() {
    assertThat(problems(headers("List-Unsubscribe", LINK + "\r\nBcc: eve@evil.test")))
        .containsExactly("payload.headers.List-Unsubscribe");
  }

  @ParameterizedTest
  @ValueSource(strings = {"One-Click", "list-unsubscribe=one-click", "List-Unsubscribe=One-Click "})
  void listUnsubscribePostIsExactlyOneClick(String value) {
    assertThat(problems(headers("List-Unsubscribe", LINK, "List-Unsubscribe-Post", value)))
        .containsExactly("payload.headers.List-Unsubscribe-Post");
  }

  @Test
  void listUnsubscribePostNeedsAnHttpsListUnsubscribe() {
    assertThat(problems(headers("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")))
        .containsExactly("payload.headers.List-Unsubscribe-Post");
    assertThat(
            problems(
                headers(
                    "List-Unsubscribe",
                    "<mailto:u@acme.example>",
                    "list-unsubscribe-post",
                    "List-Unsubscribe=One-Click")))
        .containsExactly("payload.headers.list-unsubscribe-post");
  }

  @Test
  void refusesOtherListAndStandardHeaders() {
    assertThat(problems(headers("List-Id", "<news.acme.example>", "Sender", "a@b.example")))
        .containsExactly("payload.headers.List-Id", "payload.headers.Sender");
  }

  @Test
  void takesTheListHeadersInTheirRegisteredSpellingOnly() {
    assertThat(problems(headers("list-unsubscribe", "<mailto:u@acme.example>")))
        .containsExactly("payload.headers.list-unsubscribe");
    assertThat(
            problems(
                headers(
                    "List-Unsubscribe",
                    LINK,
                    "LIST-UNSUBSCRIBE-POST",
                    "List-Unsubscribe=One-Click")))
        .containsExactly("payload.headers.LIST-UNSUBSCRIBE-POST");
  }

  @Test
  void takesXHeadersThatDifferOnlyInCaseAsTwoFields() {
    assertThat(problems(headers("X-Tag", "a", "x-tag", "b"))).isEmpty();
  }
}
