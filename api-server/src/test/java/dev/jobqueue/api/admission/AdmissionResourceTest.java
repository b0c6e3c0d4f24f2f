package dev.jobqueue.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-tenant admission in work, as a client sees it: headers, 429, and admitted again after. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdmissionResourceTest {
  private static final TestApi API = new TestApi();

  static {
    // two emails, or two report pages, then one every 100 s
    API.config.setAdmission(
        new AdmissionConfig(0.01, 2, 0.01, 2, 40, 0, Duration.ofSeconds(30), 1));
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();

  @AfterAll
  static void stop() {
    API.close();
  }

  @Test
  void refusesATenantsWorkOverItsBudgetWith429AndRetryAfterThenAcceptsItAfterThat() {
    var acme = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
    try (Response first = acme.post(Payloads.email("one"))) {
      assertThat(first.getStatus()).isEqualTo(202);
      assertThat(first.getHeaderString("RateLimit-Policy")).isEqualTo("\"emails\";q=2;w=200");
      assertThat(first.getHeaderString("RateLimit-Limit")).isEqualTo("2");
      assertThat(first.getHeaderString("RateLimit-Remaining")).isEqualTo("1");
      assertThat(Long.parseLong(first.getHeaderString("RateLimit-Reset"))).isBetween(1L, 100L);
    }
    try (Response second = acme.post(Payloads.email("two"))) {
      assertThat(second.getStatus()).isEqualTo(202);
      assertThat(second.getHeaderString("RateLimit-Remaining")).isEqualTo("0");
    }

    long retryAfter;
    try (Response refused = acme.post(Payloads.email("three"))) {
      assertThat(refused.getStatus()).isEqualTo(429);
      assertThat(refused.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(ApiCalls.json(refused).path("type").asText()).endsWith("work-rate-limited");
      assertThat(refused.getHeaderString("RateLimit-Remaining")).isEqualTo("0");
      retryAfter = Long.parseLong(refused.getHeaderString("Retry-After"));
      assertThat(retryAfter).isBetween(1L, 100L);
    }
    try (Response other = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY).post(Payloads.email("g"))) {
      assertThat(other.getStatus()).as("another tenant's budget is its own").isEqualTo(202);
    }
    try (Response pdf = acme.post(Payloads.PDF)) {
      // 100 rows are three pages: over a burst of two, taken because the page bucket is full
      assertThat(pdf.getStatus()).as("pages are a budget of their own").isEqualTo(202);
      assertThat(pdf.getHeaderString("RateLimit-Policy")).startsWith("\"pages\"");
    }

    API.clock.advance(Duration.ofSeconds(retryAfter));

    try (Response again = acme.post(Payloads.email("three"))) {
      assertThat(again.getStatus()).as("admitted after Retry-After").isEqualTo(202);
    }
  }
}
