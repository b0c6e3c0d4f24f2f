package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API reference page: served without a key, from this jar, loading nothing from elsewhere. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DocsResourceTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ANYONE = new ApiCalls(RESOURCES, null);
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

  @AfterAll
  static void stop() {
    API.close();
  }

  private static String text(Response response) {
    return response.readEntity(String.class);
  }

  /** Every {@code src} and {@code href} of the page. */
  private static List<String> references(String html) {
    var out = new ArrayList<String>();
    var m = REFERENCE.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void servesThePageWithoutAKeyReferringOnlyToItsOwnFiles() {
    try (Response response = ANYONE.request("/v1/docs").get()) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("text/html");
      assertThat(response.getHeaderString("Content-Security-Policy"))
          .contains("default-src 'none'")
          .contains("script-src 'self'")
          .doesNotContain("http");
      String html = text(response);
      assertThat(references(html))
          .isNotEmpty()
          .allSatisfy(ref -> assertThat(ref).startsWith("/v1/docs/"));
      assertThat(html).doesNotContain("//");
    }
  }

  @Test
  void servesEveryFileThePageLoadsWithItsType() {
    List<String> refs;
    try (Response response = ANYONE.request("/v1/docs").get()) {
      assertThat(response.getStatus()).isEqualTo(200);
      refs = references(text(response));
    }
    assertThat(refs).hasSize(4);
    for (String ref : refs) {
      try (Response asset = ANYONE.request(ref).get()) {
        assertThat(asset.getStatus()).as(ref).isEqualTo(200);
        String type = asset.getMediaType().toString();
        String expected =
            ref.endsWith(".js")
                ? "text/javascript"
                : ref.endsWith(".css") ? "text/css" : ref.endsWith(".png") ? "image/png" : "?";
        assertThat(type).as(ref).startsWith(expected);
        assertThat(asset.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(asset.readEntity(byte[].class)).as(ref).isNotEmpty();
      }
    }
  }

  @Test
  void pointsSwaggerUiAtThisApisDocument() {
    try (Response response = ANYONE.request("/v1/docs/reference.js").get()) {
      String script = text(response);
      assertThat(script).contains("url: \"/v1/openapi.json\"").contains("validatorUrl: null");
      assertThat(script).doesNotContain("http");
    }
    try (Response response = ANYONE.request("/v1/docs/swagger-ui.css").get()) {
      assertThat(text(response)).as("pictures inlined, none fetched").doesNotContain("url(http");
    }
  }

  @Test
  void servesNoOtherFile() {
    for (String path :
        List.of(
            "/v1/docs/index.html", "/v1/docs/swagger-initializer.js", "/v1/docs/..%2Fpom.xml")) {
      try (Response response = ANYONE.request(path).get()) {
        assertThat(response.getStatus()).as(path).isEqualTo(404);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      }
    }
  }
}
