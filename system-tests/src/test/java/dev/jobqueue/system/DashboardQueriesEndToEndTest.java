package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.ChildProcess;
import dev.jobqueue.testing.FreePorts;
import dev.jobqueue.testing.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the Grafana dashboards in {@code deploy/grafana/dashboards}, evaluated by a real
 * Prometheus (Debian's {@code prometheus}) scraping a running stack on a Temporal cluster, as the
 * compose stack's Prometheus scrapes its containers: each query is valid PromQL, and those that
 * draw the traffic sent here find data, so each names a metric the processes really export. The
 * alert rules load in the same Prometheus. Skipped without {@code prometheus} on the PATH (Debian:
 * apt-get install prometheus) or where a cluster cannot run.
 */
@OnTemporalCluster
class DashboardQueriesEndToEndTest {
  /** Panels that must show the jobs sent here (a success, a report, a dead letter). */
  private static final Set<String> DRAWN =
      Set.of(
          "Jobs submitted /s",
          "Jobs succeeded /s",
          "Job duration p50 / p95",
          "Dead-lettered /s",
          "Dead letters waiting",
          "Task-queue backlog",
          "Task-queue backlog age",
          "Processes up");

  /** The only metrics a healthy run does not produce: failures it has none of. */
  private static final Set<String> ONLY_ON_FAILURE =
      Set.of("temporal_workflow_task_execution_failed_total");

  private static final Pattern METRIC = Pattern.compile("\\b(?:jobqueue|temporal)_[a-z_]+\\b");

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  static LocalStack stack;
  static ChildProcess prometheus;
  static int prometheusPort;

  @BeforeAll
  static void start(TestInfo test) throws Exception {
    var binary = PrometheusConfigTest.onPath("prometheus");
    assumeTrue(
        binary.isPresent(), "prometheus not on the PATH (Debian: apt-get install prometheus)");
    stack =
        Harness.stack(test, work)
            .env(Map.of("BACKLOG_POLL_INTERVAL", "PT1S", "DEAD_LETTER_GAUGE_INTERVAL", "PT1S"))
            .start();
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, scrapeConfig());
    prometheusPort = FreePorts.next();
    prometheus =
        ChildProcess.start(
            "prometheus",
            List.of(
                binary.get().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("prometheus-data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort),
            Map.of(),
            Harness.LOGS);
    prometheus.awaitReady(() -> get("/-/ready").statusCode() == 200, Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** The compose file's scrape jobs, with this stack's addresses; the compose stack's rules. */
  private static String scrapeConfig() {
    var out = new StringBuilder();
    out.append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
        .append("rule_files:\n  - ")
        .append(Harness.CHECKOUT.root().resolve("deploy/prometheus/alerts.yml"))
        .append("\nscrape_configs:\n");
    for (App app : List.of(App.API_SERVER, App.WORKER_EMAIL, App.WORKER_PDF)) {
      out.append("  - job_name: ")
          .append(app.module())
          .append("\n    static_configs:\n      - targets: [\"127.0.0.1:")
          .append(stack.process(app).adminPort())
          .append("\"]\n");
    }
    URI temporal = stack.temporal().metricsUrl();
    out.append("  - job_name: temporal\n    metrics_path: ")
        .append(temporal.getPath())
        .append("\n    static_configs:\n      - targets: [\"")
        .append(temporal.getHost())
        .append(':')
        .append(temporal.getPort())
        .append("\"]\n");
    return out.toString();
  }

  @Test
  void everyDashboardQueryIsValidAndThoseOfTheTrafficSentFindIt() throws Exception {
    ApiClient api = stack.api();
    List<String> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(
          submit(
              api,
              """
              {"type": "email", "payload": {"to": ["ada%d@example.com"], "subject": "Hi", "text": "Hi"}}\
              """
                  .formatted(i)));
    }
    jobs.add(
        submit(
            api,
            """
            {"type": "pdf", "payload": {"template": "statement", "title": "March",
             "sample": {"rows": 200, "seed": 1}}}\
            """));
    String bounced =
        submit(
            api,
            """
            {"type": "email", "payload": {"to": ["bounce@simulator.jobqueue.test"], "subject": "Hi",
             "text": "Hi"}}\
            """);
    for (String job : jobs) {
      await("job " + job)
          .atMost(Duration.ofMinutes(3))
          .until(() -> api.status(job), "SUCCEEDED"::equals);
    }
    await("dead letter")
        .atMost(Duration.ofMinutes(3))
        .until(() -> api.status(bounced), "DEAD_LETTERED"::equals);

    // scraped after the last job, and twice more, so that every rate has two samples to span
    await("Prometheus has every job")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                value("sum(jobqueue_jobs_succeeded_total)") >= 4
                    && value("sum(jobqueue_jobs_dead_lettered_total)") >= 1
                    && value("sum(jobqueue_dead_letters_depth)") >= 1
                    && value("count(count_over_time(jobqueue_jobs_succeeded_total[5m]) >= 3)")
                        >= 1);

    String documented =
        Files.readString(Harness.CHECKOUT.root().resolve("README.md"))
            + Files.readString(Harness.CHECKOUT.root().resolve("docs/operating.md"));
    List<DashboardQueries> queries = dashboardQueries();
    assertThat(queries).isNotEmpty();
    for (DashboardQueries query : queries) {
      JsonNode answer = query(query.expr());
      assertThat(answer.path("status").asText())
          .as("%s: %s answers %s", query.panel(), query.expr(), answer)
          .isEqualTo("success");
      if (DRAWN.contains(query.panel())) {
        assertThat(answer.path("data").path("result"))
            .as("%s: %s finds the traffic sent", query.panel(), query.expr())
            .isNotEmpty();
      }
      var names = METRIC.matcher(query.expr());
      while (names.find()) {
        String name = names.group();
        if (ONLY_ON_FAILURE.contains(name)) {
          assertThat(documented).as("%s is documented", name).contains(baseName(name));
        } else {
          assertThat(value("count({__name__=\"" + name + "\"})"))
              .as("%s (panel %s) is exported", name, query.panel())
              .isPositive();
        }
      }
    }
    assertThat(DRAWN)
        .as("every panel this test expects data in is on a dashboard")
        .isSubsetOf(queries.stream().map(DashboardQueries::panel).toList());

    // the alert rules load (a rule that does not parse fails Prometheus' reload, not its start)
    JsonNode rules = JSON.readTree(get("/api/v1/rules").body());
    assertThat(rules.path("data").path("groups").findValues("rules"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r).isNotEmpty());
  }

  @Test
  void theImagesHealthCheckAnswersForEveryProcess() throws Exception {
    Path script = Harness.CHECKOUT.root().resolve("deploy/docker/healthcheck");
    for (App app : List.of(App.API_SERVER, App.WORKER_EMAIL, App.WORKER_PDF)) {
      assertThat(run(script, stack.process(app).adminPort())).as(app.module()).isZero();
    }
    assertThat(run(script, FreePorts.next())).as("nothing listening").isNotZero();
  }

  private static int run(Path script, int port) throws IOException, InterruptedException {
    Process check =
        new ProcessBuilder("bash", script.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(check.waitFor(1, TimeUnit.MINUTES)).isTrue();
    return check.exitValue();
  }

  /** A counter's name as the docs give it: without the {@code _total} Prometheus adds. */
  private static String baseName(String name) {
    return name.replaceFirst("_total$", "");
  }

  private static List<DashboardQueries> dashboardQueries() throws IOException {
    var out = new ArrayList<DashboardQueries>();
    try (var files = Files.list(Harness.CHECKOUT.root().resolve("deploy/grafana/dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        out.addAll(DashboardQueries.read(file));
      }
    }
    return out;
  }

  private static String submit(ApiClient api, String body) throws Exception {
    var response = api.post("/v1/jobs", body);
    assertThat(response.status()).as("%s", response.text()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  private static JsonNode query(String expr) throws IOException, InterruptedException {
    return JSON.readTree(
        get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
  }

  /** The first sample's value of {@code expr}, 0 when it finds none. */
  private static double value(String expr) throws IOException, InterruptedException {
    JsonNode result = query(expr).path("data").path("result");
    return result.isEmpty() ? 0 : result.get(0).path("value").get(1).asDouble();
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
