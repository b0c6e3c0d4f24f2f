package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class RateLimitResourceTest {
  private static final TestApi API = new TestApi();

  static {
    API.config.setRateLimit(new RateLimitConfig(0.01, 2));
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();

  @AfterAll
  static void stop() {
    API.close();
  }

  @Test
  void answers429WithRetryAfterOnceATenantsBudgetIsSpent() {
    var acme = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
    acme.get("/v1/jobs/one").close();
    acme.get("/v1/jobs/two").close();

    try (Response response = acme.get("/v1/jobs/three")) {
      assertThat(response.getStatus()).isEqualTo(429);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(Long.parseLong(response.getHeaderString("Retry-After"))).isBetween(1L, 100L);
      assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo("\"requests\";q=2;w=200");
      assertThat(response.getHeaderString("RateLimit-Remaining")).isEqualTo("0");
    }
    try (Response response = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY).get("/v1/jobs/one")) {
      assertThat(response.getStatus()).as("another tenant's budget is its own").isEqualTo(404);
    }
    try (Response response = new ApiCalls(RESOURCES, null).get("/v1/openapi.json")) {
      assertThat(response.getStatus()).as("the public document is not limited").isEqualTo(200);
    }
  }
}
