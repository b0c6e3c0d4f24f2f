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

/**
 * The tenant console's files: served without a key, from this jar, under a policy that allows no
 * inline script or style and no other origin. What the page shows is the API's, under the key; the
 * browser test drives it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConsoleResourceTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ANYONE = new ApiCalls(RESOURCES, null);
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"");
  private static final Pattern IMPORT = Pattern.compile("import [^;]* from '([^']*)'");

  @AfterAll
  static void stop() {
    API.close();
  }

  private static List<String> all(Pattern pattern, String text) {
    var out = new ArrayList<String>();
    var m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String page() {
    try (Response response = ANYONE.request("/console").get()) {
      assertThat(response.getStatus()).isEqualTo(200);
      return response.readEntity(String.class);
    }
  }

  @Test
  void servesThePageWithoutAKeyUnderAStrictPolicy() {
    try (Response response = ANYONE.request("/console").get()) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("text/html");
      assertThat(response.getHeaderString("Content-Security-Policy"))
          .contains("default-src 'none'")
          .contains("script-src 'self';")
          .contains("style-src 'self';")
          .contains("connect-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe")
          .doesNotContain("http");
      assertThat(response.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
    }
    String html = page();
    // no inline script or style for the policy to refuse: every script has a src
    assertThat(html)
        .doesNotContain("<style")
        .doesNotContain(" style=")
        .doesNotContainPattern(" on[a-z]+=");
    assertThat(all(Pattern.compile("<script([^>]*)>"), html))
        .isNotEmpty()
        .allSatisfy(attributes -> assertThat(attributes).contains("src=\"/console/"));
  }

  @Test
  void servesEveryFileThePageAndItsModulesLoadWithItsType() {
    var refs = new ArrayList<>(all(REFERENCE, page()));
    assertThat(refs).contains("/console/console.js", "/console/console.css");
    for (int i = 0; i < refs.size(); i++) {
      String ref = refs.get(i);
      try (Response asset = ANYONE.request(ref).get()) {
        assertThat(asset.getStatus()).as(ref).isEqualTo(200);
        String expected =
            ref.endsWith(".js")
                ? "text/javascript"
                : ref.endsWith(".css") ? "text/css" : ref.endsWith(".svg") ? "image/svg+xml" : "?";
        assertThat(asset.getMediaType().toString()).as(ref).startsWith(expected);
        assertThat(asset.getHeaderString("X-Content-Type-Options")).isEqualTo("nosniff");
        String body = asset.readEntity(String.class);
        assertThat(body).as(ref).isNotEmpty();
        if (ref.endsWith(".js")) {
          // a module imports only its siblings, which are served too
          for (String imported : all(IMPORT, body)) {
            assertThat(imported).as(ref).matches("\\./[a-z]+\\.js");
            String sibling = "/console/" + imported.substring(2);
            if (!refs.contains(sibling)) {
              refs.add(sibling);
            }
          }
          // and calls nothing but this API, with the key from this tab only
          assertThat(body).doesNotContain("localStorage").doesNotContain("document.cookie");
          // and writes what the API says as text, never as markup (a job id or an error message
          // cannot become script)
          assertThat(body)
              .doesNotContain("innerHTML")
              .doesNotContain("outerHTML")
              .doesNotContain("insertAdjacentHTML")
              .doesNotContain("document.write")
              .doesNotContain("eval(");
        }
      }
    }
    assertThat(refs).contains("/console/api.js", "/console/charts.js");
  }

  @Test
  void servesNoOtherFile() {
    for (String path : new String[] {"/console/nope.js", "/console/index.html"}) {
      try (Response response = ANYONE.request(path).get()) {
        assertThat(response.getStatus()).as(path).isEqualTo(404);
      }
    }
  }

  @Test
  void statsNeedAKeyAndAWindowItKnows() {
    try (Response response = ANYONE.get("/v1/stats")) {
      assertThat(response.getStatus()).isEqualTo(401);
    }
    try (Response response = ACME.get("/v1/stats?window=PT2H")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(response.readEntity(String.class)).contains("\"field\":\"window\"");
    }
  }

  @Test
  void listingJobsRefusesATimeThatIsNotOne() {
    // (an empty range is a valid list with nothing in it: JobListQueryTest; the in-memory
    // Temporal answers no list query, the end-to-end fuzz run asks the real one)
    try (Response response = ACME.get("/v1/jobs?createdAfter=soon")) {
      assertThat(response.getStatus()).isEqualTo(400);
      assertThat(response.readEntity(String.class)).contains("createdAfter");
    }
  }
}
