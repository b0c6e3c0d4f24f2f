package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.email.HeaderRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenAPI document says of custom headers what the header rules enforce. */
class OpenApiHeadersTest {
  private static final JsonNode SCHEMAS = schemas();

  private static JsonNode schemas() {
    try (var in = OpenApiResource.class.getResourceAsStream(OpenApiResource.DOCUMENT)) {
      return new ObjectMapper().readTree(in).path("components").path("schemas");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final JsonNode HEADERS = SCHEMAS.path("EmailHeaders");

  @Test
  void everyEmailTakesTheSameHeaders() {
    for (String schema : new String[] {"EmailPayload", "BatchTemplate"}) {
      assertThat(SCHEMAS.path(schema).path("properties").path("headers").path("$ref").asText())
          .as(schema)
          .isEqualTo("#/components/schemas/EmailHeaders");
      assertThat(SCHEMAS.path(schema).path("description").asText())
          .as(schema)
          .contains("sender domains");
    }
  }

  @Test
  void namesEveryRefusedProviderControlHeader() {
    assertThat(HEADERS.path("description").asText()).contains(HeaderRules.refusedNames());
  }

  @Test
  void listUnsubscribePostIsOneClick() {
    assertThat(HEADERS.path("properties").path("List-Unsubscribe-Post").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly(HeaderRules.ONE_CLICK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<https://example.com/u/1>",
        "<https://example.com/u/1>, <mailto:u@example.com?subject=stop>",
        "<mailto:u@example.com>",
        "https://example.com/u",
        "<http://example.com/u>",
        "<https://example.com/a b>",
        "<https://example.com/u>,",
        ""
      })
  void listUnsubscribePatternAgreesWithTheRules(String value) {
    var pattern =
        Pattern.compile(
            HEADERS.path("properties").path("List-Unsubscribe").path("pattern").asText());
    var problems = new ArrayList<String>();
    HeaderRules.check(Map.of("List-Unsubscribe", value), "h", (field, m) -> problems.add(m));

    assertThat(pattern.matcher(value).find()).isEqualTo(problems.isEmpty());
  }
}
