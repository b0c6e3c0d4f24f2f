package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import dev.jobqueue.testing.Tool;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Through HTTP, as a user: the API, both fleets, the dev SMTP server and the real Temporal. */
class ApiEndToEndTest {
  private static final String FUZZER = "fuzzer";

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack(TestInfo test) throws Exception {
    // the fuzzer is a tenant of its own: the work it submits spends its own admission budgets,
    // never those of the tests beside it
    stack =
        Harness.stack(test, work)
            .moreTenants(FUZZER)
            // what a schema cannot say is tenant configuration: the fuzzer may send as any
            // address and ask for callbacks, so that every schema-valid request is a valid one
            .env(
                Map.of(
                    "TENANT_SENDER_DOMAINS", FUZZER + "=*",
                    "CALLBACK_SECRETS", FUZZER + "=whsec_fuzz_0123456789abcdef",
                    "CALLBACKS_ALLOW_PRIVATE_NETWORKS", "true"))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    // none if the class was skipped (a cluster run without the cluster's programs); the field is
    // shared with the subclasses that run these tests on a cluster
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  static JsonNode awaitStatus(String jobId, String status) {
    var last = new AtomicReference<JsonNode>();
    await(jobId + " " + status)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .failFast(
            "job ended otherwise: " + last,
            () ->
                last.get() != null
                    && isTerminal(last.get())
                    && !status.equals(last.get().path("status").asText()))
        .until(
            () -> {
              last.set(api.job(jobId));
              return status.equals(last.get().path("status").asText());
            });
    return last.get();
  }

  private static boolean isTerminal(JsonNode job) {
    return List.of("SUCCEEDED", "CANCELLED", "DISCARDED").contains(job.path("status").asText());
  }

  static String submit(String json) throws Exception {
    var response = api.post("/v1/jobs", json);
    assertThat(response.status()).as("POST /v1/jobs: %s", response.json()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  private static List<MimeMessage> mailTo(String address) throws Exception {
    if (!Files.isDirectory(stack.mailDir())) {
      return List.of();
    }
    var session = Session.getInstance(new Properties());
    try (var files = Files.list(stack.mailDir())) {
      var messages = new java.util.ArrayList<MimeMessage>();
      for (Path file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          var message = new MimeMessage(session, in);
          for (var to : message.getAllRecipients()) {
            if (to.toString().equals(address)) {
              messages.add(message);
            }
          }
        }
      }
      return messages;
    }
  }

  @Test
  void emailJobSucceedsAndTheMessageReachesTheSmtpServer() throws Exception {
    String jobId =
        submit(
            """
            {"type": "email", "payload": {"to": ["ada@example.com"], "subject": "Your invoice",
             "text": "Invoice 42 is attached."}}\
            """);

    JsonNode done = awaitStatus(jobId, "SUCCEEDED");

    List<MimeMessage> received = mailTo("ada@example.com");
    assertThat(received).hasSize(1);
    assertThat(received.get(0).getSubject()).isEqualTo("Your invoice");
    assertThat(received.get(0).getMessageID()).contains(jobId);
    assertThat(done.path("attempt").asInt()).isEqualTo(1);
    assertThat(done.path("links").path("temporalUi").asText())
        .startsWith(stack.temporal().uiUrl().orElseThrow() + "/namespaces/default/workflows/");
    var result = api.get("/v1/jobs/" + jobId + "/result");
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.json().toString()).contains("ada@example.com");
  }

  @Test
  void reportJobShowsProgressThenServesAPdfThatParses() throws Exception {
    String jobId =
        submit(
            """
            {"type": "pdf", "payload": {"template": "statement", "title": "March",
             "sample": {"rows": 400000, "seed": 11}}}\
            """);

    var progress = new AtomicReference<JsonNode>();
    await("progress while rendering")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JsonNode job = api.job(jobId);
              if ("RUNNING".equals(job.path("status").asText())
                  && job.path("progress").path("done").asLong() > 0) {
                progress.set(job.path("progress"));
                return true;
              }
              return false;
            });
    assertThat(api.get("/v1/jobs/" + jobId + "/result").status())
        .as("result while running")
        .isEqualTo(409);
    awaitStatus(jobId, "SUCCEEDED");

    assertThat(progress.get().path("total").asLong()).isEqualTo(400_000 / 40 + 1);
    assertThat(progress.get().path("done").asLong())
        .isLessThan(progress.get().path("total").asLong());
    var pdf = api.get("/v1/jobs/" + jobId + "/result");
    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    try (var document = Loader.loadPDF(pdf.body())) {
      assertThat(document.getNumberOfPages()).isEqualTo(400_000 / 40 + 1);
    }
  }

  @Test
  void listsTheTenantsJobsNewestFirstFromVisibility() throws Exception {
    String first =
        submit(
            """
            {"type": "email", "payload": {"to": ["list1@example.com"], "subject": "a", "text": "a"}}\
            """);
    String second =
        submit(
            """
            {"type": "email", "payload": {"to": ["list2@example.com"], "subject": "b", "text": "b"}}\
            """);
    awaitStatus(first, "SUCCEEDED");
    awaitStatus(second, "SUCCEEDED");

    await("both listed")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              var page = api.get("/v1/jobs?type=email&status=SUCCEEDED&pageSize=100");
              var ids = new java.util.ArrayList<String>();
              page.json().path("items").forEach(item -> ids.add(item.path("jobId").asText()));
              return ids.contains(first) && ids.contains(second);
            });
    var pdfs = api.get("/v1/jobs?type=pdf&status=SUCCEEDED&pageSize=100").json().path("items");
    pdfs.forEach(item -> assertThat(item.path("type").asText()).isEqualTo("pdf"));
  }

  @Test
  void anotherTenantsKeySeesNothing() throws Exception {
    String jobId =
        submit(
            """
            {"type": "email", "payload": {"to": ["private@example.com"], "subject": "p", "text": "p"}}\
            """);
    var stranger = new ApiClient(stack.apiUrl(), "not-a-key");
    assertThat(stranger.get("/v1/jobs/" + jobId).status()).isEqualTo(401);
  }

  @Test
  void temporalUiLinkShowsTheWorkflowWithItsJobStatus() throws Exception {
    Tool browser = Tool.fromEnv("JOBQUEUE_CHROMIUM");
    Tool driver = Tool.fromEnv("JOBQUEUE_NODE_MODULES");
    assumeTrue(browser.present(), browser.missing() + " (Chromium: apt-get install chromium)");
    assumeTrue(driver.present(), driver.missing());
    String jobId =
        submit(
            """
            {"type": "email", "payload": {"to": ["ui@example.com"], "subject": "UI", "text": "ui"}}\
            """);
    JsonNode job = awaitStatus(jobId, "SUCCEEDED");
    Path screenshot =
        Path.of("target", "screenshots", "temporal-ui-" + jobId + ".png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());

    var run =
        Tool.run(
            List.of(
                "node",
                Path.of("src/test/browser/workflow-page.mjs").toAbsolutePath().toString(),
                job.path("links").path("temporalUi").asText(),
                stack.tenant() + "/" + jobId,
                screenshot.toString()),
            Map.of("JOBQUEUE_CHROMIUM", browser.path(), "JOBQUEUE_NODE_MODULES", driver.path()),
            120,
            Harness.LOGS.resolve("browser.log"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode page =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(run.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(page.path("hasWorkflowId").asBoolean()).isTrue();
    assertThat(page.path("jobStatus").asText()).isEqualTo("SUCCEEDED");
    assertThat(Files.size(screenshot)).as("screenshot kept at %s", screenshot).isPositive();
  }

  private static final java.util.Set<String> METHODS =
      java.util.Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  @Test
  void apiReferencePageShowsEveryOperationAndLoadsNothingFromElsewhere() throws Exception {
    Tool browser = Tool.fromEnv("JOBQUEUE_CHROMIUM");
    Tool driver = Tool.fromEnv("JOBQUEUE_NODE_MODULES");
    assumeTrue(browser.present(), browser.missing() + " (Chromium: apt-get install chromium)");
    assumeTrue(driver.present(), driver.missing());
    var expected = new java.util.TreeSet<String>();
    var paths = api.get("/v1/openapi.json").json().path("paths");
    paths
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        field -> {
                          // the operations, not the path's shared parameters
                          if (METHODS.contains(field)) {
                            expected.add(
                                field.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    Path screenshot = Path.of("target", "screenshots", "api-reference.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());

    var run =
        Tool.run(
            List.of(
                "node",
                Path.of("src/test/browser/api-reference-page.mjs").toAbsolutePath().toString(),
                stack.apiUrl() + "/v1/docs",
                screenshot.toString()),
            Map.of("JOBQUEUE_CHROMIUM", browser.path(), "JOBQUEUE_NODE_MODULES", driver.path()),
            120,
            Harness.LOGS.resolve("browser-api-reference.log"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode page =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(run.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    var shown = new java.util.TreeSet<String>();
    page.path("operations").forEach(op -> shown.add(op.asText()));
    assertThat(shown).isEqualTo(expected);
    assertThat(page.path("foreign")).as("requests off the API's origin").isEmpty();
    assertThat(page.path("errors")).as("script errors, refused loads").isEmpty();
    assertThat(page.path("requests").toString()).contains("/v1/openapi.json");
    assertThat(Files.size(screenshot)).as("screenshot kept at %s", screenshot).isPositive();
  }

  @Test
  void fuzzingFromTheOpenApiDocumentFindsNo5xxAndNothingOffTheDocument() throws Exception {
    Tool schemathesis = Tool.fromEnv("JOBQUEUE_SCHEMATHESIS");
    assumeTrue(schemathesis.present(), schemathesis.missing());

    Path config = Harness.CHECKOUT.root().resolve("system-tests/src/test/schemathesis");
    var run =
        Tool.run(
            List.of(
                schemathesis.path(),
                // every check and phase, the stateful one following the document's links
                "--config-file",
                config.resolve("schemathesis.toml").toString(),
                "run",
                stack.apiUrl() + "/v1/openapi.json",
                "--header",
                "Authorization: Bearer " + stack.apiKey(FUZZER),
                // a jobs:batch of reports cannot coalesce: one workflow start each, which on a
                // busy machine outlasts the tool's 10 s default; speed is the bench's business
                "--request-timeout",
                "120"),
            Map.of("SCHEMATHESIS_HOOKS", config.resolve("hooks.py").toString()),
            1800,
            Harness.LOGS.resolve("schemathesis.log"));

    assertThat(run.exitCode()).as("schemathesis found problems:%n%s", run.output()).isZero();
    assertThat(run.output()).containsPattern("\\d+ generated, \\d+ passed");
  }
}
