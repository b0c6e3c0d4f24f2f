package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Errors Jersey itself raises come out as problem documents too. */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpErrorsTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  @Test
  void answersAnUnknownPathWith404Problem() {
    try (Response response = ACME.get("/v1/nothing-here")) {
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      JsonNode problem = ApiCalls.json(response);
      assertThat(problem.get("type").asText()).isEqualTo("about:blank");
      assertThat(problem.get("title").asText()).isEqualTo("Not Found");
    }
  }

  @Test
  void answersAnUnsupportedMethodWith405NamingTheAllowedOnes() {
    try (Response response = ACME.request("/v1/jobs").put(Entity.json("{}"))) {
      assertThat(response.getStatus()).isEqualTo(405);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(response.getHeaderString("Allow")).contains("GET").contains("POST");
    }
  }

  @Test
  void answersAnUnacceptableMediaTypeWith406() {
    try (Response response = ACME.request("/v1/jobs/abc").accept("text/html").get()) {
      assertThat(response.getStatus()).isEqualTo(406);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }
  }

  @Test
  void servesTheOpenApiDocumentWithoutAKey() {
    try (Response response = new ApiCalls(RESOURCES, null).get("/v1/openapi.json")) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(response).get("openapi").asText()).startsWith("3.");
    }
  }
}
