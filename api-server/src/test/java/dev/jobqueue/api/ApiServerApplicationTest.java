package dev.jobqueue.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.auth.ApiKeys;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.Response;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real application with its shipped config.yml, on free ports, with Temporal unreachable. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiServerApplicationTest {
  private static final String KEY = "app-test-key";
  private static final String OTHER_TENANTS_KEY = "app-test-globex-key";

  static final DropwizardAppExtension<ApiServerConfiguration> APP =
      new DropwizardAppExtension<>(
          ApiServerApplication.class,
          new File("config.yml").getAbsolutePath(),
          ConfigOverride.config("server.applicationConnectors[0].port", "0"),
          ConfigOverride.config("server.adminConnectors[0].port", "0"),
          ConfigOverride.config("temporal.target", "127.0.0.1:" + closedPort()),
          ConfigOverride.config("temporalTimeout", "PT1S"),
          ConfigOverride.config("reportStoreDir", "target/reports"),
          ConfigOverride.config("apiKeys[0].keySha256", ApiKeys.sha256Hex(KEY)),
          ConfigOverride.config("moreApiKeys", "globex=" + ApiKeys.sha256Hex(OTHER_TENANTS_KEY)));

  /** A port nothing listens on: one that was free a moment ago. */
  private static int closedPort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String app(String path) {
    return "http://127.0.0.1:" + APP.getLocalPort() + path;
  }

  private static String admin(String path) {
    return "http://127.0.0.1:" + APP.getAdminPort() + path;
  }

  @Test
  void servesItsApiReferencePageAndItsScriptsWithoutAKey() {
    try (Response page = APP.client().target(app("/v1/docs")).request().get()) {
      assertThat(page.getStatus()).isEqualTo(200);
      assertThat(page.getMediaType().toString()).startsWith("text/html");
      assertThat(page.readEntity(String.class)).contains("/v1/docs/swagger-ui-bundle.js");
    }
    try (Response script =
        APP.client().target(app("/v1/docs/swagger-ui-bundle.js")).request().get()) {
      assertThat(script.getStatus()).isEqualTo(200);
      assertThat(script.getMediaType().toString()).startsWith("text/javascript");
      assertThat(script.readEntity(String.class)).contains("SwaggerUIBundle");
    }
  }

  @Test
  void servesItsOpenApiDocument() throws IOException {
    try (Response response = APP.client().target(app("/v1/openapi.json")).request().get()) {
      assertThat(response.getStatus()).isEqualTo(200);
      JsonNode document = new ObjectMapper().readTree(response.readEntity(String.class));
      assertThat(document.get("openapi").asText()).startsWith("3.1");
      assertThat(document.get("paths").fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder(
              "/v1/jobs",
              "/v1/jobs:batch",
              "/v1/jobs/{jobId}",
              "/v1/jobs/{jobId}/result",
              "/v1/jobs/{jobId}/items",
              "/v1/jobs/{jobId}/history",
              "/v1/openapi.json",
              "/v1/docs",
              "/v1/dead-letters",
              "/v1/dead-letters/redrive",
              "/v1/dead-letters/redrives/{id}",
              "/v1/dead-letters/{jobId}",
              "/v1/dead-letters/{jobId}/redrive",
              "/v1/schedules",
              "/v1/schedules/{id}",
              "/v1/schedules/{id}/trigger",
              "/v1/stats",
              "/console");
    }
  }

  @Test
  void publishesTheDeadLetterGaugesEvenWhileTemporalIsUnreachable() {
    String metrics = APP.client().target(admin("/metrics")).request().get(String.class);

    assertThat(metrics)
        .containsPattern("jobqueue_dead_letters_depth\\{[^}]*job_type=\"email\"")
        .containsPattern("jobqueue_dead_letters_oldest_age_seconds\\{[^}]*job_type=\"pdf\"");
  }

  @Test
  void publishesEveryTaskQueuesBacklogGaugesEvenWhileTemporalIsUnreachable() {
    String metrics = APP.client().target(admin("/metrics")).request().get(String.class);

    for (String queue : List.of("email", "email-bulk", "pdf", "control", "callbacks")) {
      for (String type : List.of("workflow", "activity")) {
        String labels = "task_queue=\"" + queue + "\",task_type=\"" + type + "\"";
        assertThat(metrics)
            .containsPattern("jobqueue_task_queue_backlog\\{[^}]*" + labels)
            .containsPattern("jobqueue_task_queue_backlog_age_seconds\\{[^}]*" + labels);
      }
    }
    assertThat(metrics).contains("jobqueue_task_queue_stats_failures_total");
  }

  @Test
  void recordsRequestLatencyByRouteInItsMetrics() {
    APP.client().target(app("/v1/jobs/some-job")).request().get().close();

    String metrics = APP.client().target(admin("/metrics")).request().get(String.class);

    assertThat(metrics)
        .containsPattern(
            "jobqueue_api_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*route=\"/v1/jobs/\\{jobId\\}\"[^}]*status=\"401\"");
  }

  @Test
  void takesTheKeysListedInMoreApiKeysBesideTheYamlList() {
    for (String key : List.of(KEY, OTHER_TENANTS_KEY)) {
      try (Response response =
          APP.client()
              .target(app("/v1/jobs/some-job"))
              .request()
              .header("Authorization", "Bearer " + key)
              .get()) {
        // past authentication: Temporal, unreachable here, is what answers
        assertThat(response.getStatus()).isNotEqualTo(401);
      }
    }
    try (Response response =
        APP.client()
            .target(app("/v1/jobs/some-job"))
            .request()
            .header("Authorization", "Bearer not-a-key")
            .get()) {
      assertThat(response.getStatus()).isEqualTo(401);
    }
  }

  @Test
  void isUnhealthyWhileTemporalIsUnreachable() {
    try (Response response = APP.client().target(admin("/healthcheck")).request().get()) {
      assertThat(response.getStatus()).isEqualTo(500);
      JsonNode checks = response.readEntity(JsonNode.class);
      assertThat(checks.get("temporal").get("healthy").asBoolean()).isFalse();
    }
  }

  @Test
  void answersWhatJettyRefusesAsProblemsToo() throws Exception {
    HttpResponse<String> ambiguous = send("DELETE", "/v1/jobs/a%2Fb");
    HttpResponse<String> trace = send("TRACE", "/v1/jobs/abc");
    HttpResponse<String> query = send("QUERY", "/v1/jobs");

    assertThat(ambiguous.statusCode()).isEqualTo(400);
    assertThat(ambiguous.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new ObjectMapper().readTree(ambiguous.body()).get("status").asInt()).isEqualTo(400);
    for (var notAllowed : List.of(trace, query)) {
      assertThat(notAllowed.statusCode()).isEqualTo(405);
      assertThat(notAllowed.headers().firstValue("Allow")).isPresent();
      assertThat(notAllowed.headers().firstValue("Content-Type"))
          .contains("application/problem+json");
    }
  }

  @Test
  void refusesABodyOverOneMebibyteByItsLength() throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(app("/v1/jobs")))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1]))
            .build();

    HttpResponse<String> response;
    try (var http = HttpClient.newHttpClient()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(app(path)))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + KEY)
            .build();
    try (var http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void answers503WithRetryAfterWhileTemporalIsUnreachable() throws Exception {
    // the SDK's first contact (its server capabilities) waits out its own deadline: allow for it
    var request =
        HttpRequest.newBuilder(URI.create(app("/v1/jobs")))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Payloads.EMAIL))
            .build();

    HttpResponse<String> response;
    try (var http = HttpClient.newHttpClient()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void answersEachJobOfABatch503WithRetryAfterWhileTemporalIsUnreachable() throws Exception {
    var jobs = new ArrayList<String>();
    for (int i = 0; i < 200; i++) {
      jobs.add(i % 50 == 0 ? Payloads.PDF : Payloads.EMAIL.replace("ada@", "reader" + i + "@"));
    }
    var request =
        HttpRequest.newBuilder(URI.create(app("/v1/jobs:batch")))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jobs\": [" + String.join(", ", jobs) + "]}"))
            .build();

    HttpResponse<String> response;
    try (var http = HttpClient.newHttpClient()) {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode results = new ObjectMapper().readTree(response.body()).get("results");
    assertThat(results).hasSize(200);
    for (JsonNode result : results) {
      assertThat(result.get("status").asInt()).as("%s", result).isEqualTo(503);
      assertThat(result.get("retryAfter").asLong()).isPositive();
      assertThat(result.get("problem").get("type").asText()).endsWith(":temporal-unavailable");
    }
    // once one job found Temporal unreachable, the jobs not yet begun are not tried at all
    assertThat(results.findValuesAsText("detail"))
        .filteredOn(detail -> detail.startsWith("not tried"))
        .hasSizeGreaterThan(100);
  }
}
