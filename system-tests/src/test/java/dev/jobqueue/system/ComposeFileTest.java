package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.testing.Checkout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shape of {@code docker-compose.yml}, read as compose reads it (anchors and merge keys
 * resolved): pinned images, health checks and restart policies, scalable workers, the Temporal
 * files of {@code ./jobqueue cluster}, and Prometheus scraping every process. What only a Docker
 * engine shows (that it starts and runs a job) is {@link ComposeStackTest}'s.
 */
class ComposeFileTest {
  /** The jobqueue processes and the admin port each serves /healthcheck and /metrics on. */
  private static final Map<String, Integer> APPS =
      Map.of("api-server", 8081, "worker-email", 8091, "worker-pdf", 8092);

  private static final List<String> WORKERS = List.of("worker-email", "worker-pdf");

  /** Jobs that run once and exit; compose must not restart them. */
  private static final List<String> ONE_SHOT =
      List.of("temporal-schema", "temporal-register", "minio-bucket");

  /** MinIO's release tags: the build's time, {@code RELEASE.2025-09-07T16-13-09Z}. */
  private static final String MINIO_RELEASE =
      "RELEASE\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z";

  /** A release tag: digits, never a moving name such as {@code latest} or {@code 17}. */
  private static final Pattern PINNED =
      Pattern.compile(
          "[a-z0-9./-]+:(v?\\d+\\.\\d+(\\.\\d+)?[\\w.-]*|"
              + MINIO_RELEASE
              + ")(@sha256:[0-9a-f]{64})?");

  private static Path root;
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  static void readComposeFile() throws IOException {
    root = Checkout.find().root();
    Map<String, Object> compose = yaml(root.resolve("docker-compose.yml"));
    services = new LinkedHashMap<>();
    map(compose.get("services")).forEach((name, service) -> services.put(name, map(service)));
  }

  @Test
  void everyImageIsPinnedToARelease() throws IOException {
    services.forEach(
        (name, service) -> {
          if (service.containsKey("build")) {
            return;
          }
          assertThat((String) service.get("image"))
              .as("the image of %s", name)
              .matches(PINNED)
              .doesNotContain("latest");
        });
    List<String> bases =
        Files.readAllLines(root.resolve("Dockerfile")).stream()
            .filter(l -> l.startsWith("FROM "))
            .map(l -> l.split("\\s+")[1])
            .toList();
    assertThat(bases).isNotEmpty().allSatisfy(image -> assertThat(image).matches(PINNED));
  }

  @Test
  void theAppImageRunsAsAnUnprivilegedUser() throws IOException {
    List<String> users =
        Files.readAllLines(root.resolve("Dockerfile")).stream()
            .filter(l -> l.startsWith("USER "))
            .map(l -> l.substring(5).trim())
            .toList();
    assertThat(users).isNotEmpty();
    assertThat(users.getLast()).doesNotStartWith("root").doesNotStartWith("0");
  }

  @Test
  void everyAppIsBuiltHereWithAHealthCheckOnItsAdminPortAndARestartPolicy() {
    APPS.forEach(
        (name, adminPort) -> {
          var service = service(name);
          assertThat(map(service.get("build")).get("args"))
              .as("%s's build", name)
              .isEqualTo(Map.of("MODULE", name));
          assertThat(service.get("restart")).as("%s's restart", name).isEqualTo("unless-stopped");
          var test = list(map(service.get("healthcheck")).get("test"));
          assertThat(test).as("%s's health check", name).contains(adminPort.toString());
        });
  }

  @Test
  void theHealthCheckCommandIsInTheImage() throws IOException {
    String dockerfile = Files.readString(root.resolve("Dockerfile"));
    APPS.keySet()
        .forEach(
            name -> {
              String command =
                  (String) list(map(service(name).get("healthcheck")).get("test")).get(1);
              assertThat(dockerfile).contains("/usr/local/bin/" + command);
            });
    assertThat(root.resolve("deploy/docker/healthcheck")).isExecutable();
  }

  @Test
  void workersPublishNoHostPortsSoTheyScale() {
    WORKERS.forEach(
        name ->
            assertThat(service(name))
                .as("%s, scaled with --scale", name)
                .doesNotContainKey("ports"));
  }

  @Test
  void everyLongRunningServiceRestartsAndOneShotJobsDoNot() {
    services.forEach(
        (name, service) -> {
          if (ONE_SHOT.contains(name)) {
            assertThat(service.getOrDefault("restart", "no")).as(name).isEqualTo("no");
          } else {
            assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
          }
        });
  }

  @Test
  void appsStartOnceTheNamespaceAndSearchAttributesAreRegistered() {
    APPS.keySet()
        .forEach(
            name ->
                assertThat(map(map(service(name).get("depends_on")).get("temporal-register")))
                    .as(name)
                    .containsEntry("condition", "service_completed_successfully"));
    assertThat(map(map(service("temporal").get("depends_on")).get("temporal-schema")))
        .containsEntry("condition", "service_completed_successfully");
  }

  @Test
  void theTemporalServerRunsOnTheClustersOwnFiles() throws IOException {
    var temporal = service("temporal");
    assertThat((String) temporal.get("image")).startsWith("temporalio/server:1.32.1");
    List<Object> entrypoint = list(temporal.get("entrypoint"));
    int config = entrypoint.indexOf("--config-file");
    assertThat(config).isNotNegative();
    assertThat(hostFile("temporal", (String) entrypoint.get(config + 1)))
        .isEqualTo(root.resolve("deploy/temporal/cluster.yaml"));
    var env = map(temporal.get("environment"));
    assertThat(hostFile("temporal", (String) env.get("TEMPORAL_DYNAMIC_CONFIG")))
        .isEqualTo(root.resolve("deploy/temporal/dynamic-config.yaml"));
    // the launcher runs the same two files
    String launcher = Files.readString(root.resolve("jobqueue"));
    assertThat(launcher)
        .contains("--config-file \"$ROOT/deploy/temporal/cluster.yaml\"")
        .contains("TEMPORAL_DYNAMIC_CONFIG=\"$ROOT/deploy/temporal/dynamic-config.yaml\"");
  }

  @Test
  void theSchemaJobMatchesTheServerVersion() {
    assertThat((String) service("temporal-schema").get("image"))
        .isEqualTo("temporalio/admin-tools:1.32.1");
    assertThat(String.join("\n", strings(service("temporal-schema").get("command"))))
        .contains("update-schema")
        .contains("/etc/temporal/schema/postgresql/v12/");
  }

  @Test
  void theRegistrationJobReadsTheSearchAttributeListTheLauncherReads() throws IOException {
    var register = service("temporal-register");
    String script = String.join("\n", strings(register.get("command")));
    var matcher = Pattern.compile("(/\\S+/search-attributes)").matcher(script);
    assertThat(matcher.find()).as("the script names the search-attribute list").isTrue();
    assertThat(hostFile("temporal-register", matcher.group(1)))
        .isEqualTo(root.resolve("deploy/temporal/search-attributes"));
    assertThat(Files.readString(root.resolve("jobqueue")))
        .contains("\"$ROOT/deploy/temporal/search-attributes\"");
  }

  @Test
  void theUiRunsOnTheClustersUiConfig() {
    var ui = service("temporal-ui");
    List<Object> entrypoint = list(ui.get("entrypoint"));
    String rootDir = (String) entrypoint.get(entrypoint.indexOf("--root") + 1);
    String config = (String) entrypoint.get(entrypoint.indexOf("--config") + 1);
    String env = (String) entrypoint.get(entrypoint.indexOf("--env") + 1);
    assertThat(hostFile("temporal-ui", rootDir + "/" + config + "/" + env + ".yaml"))
        .isEqualTo(root.resolve("deploy/temporal/ui/cluster.yaml"));
  }

  @Test
  void emailGoesToMailpit() {
    assertThat((String) service("mailpit").get("image")).startsWith("axllent/mailpit:");
    var env = map(service("worker-email").get("environment"));
    assertThat(env).containsEntry("SMTP_HOST", "mailpit").containsEntry("SMTP_PORT", "1025");
  }

  @Test
  void prometheusScrapesEveryReplicaOfEveryApp() throws IOException {
    var prometheus = service("prometheus");
    List<String> command = strings(prometheus.get("command"));
    String configFile =
        command.stream()
            .filter(c -> c.startsWith("--config.file="))
            .findFirst()
            .orElseThrow()
            .substring("--config.file=".length());
    Path config = hostFile("prometheus", configFile);
    assertThat(config).isEqualTo(root.resolve("deploy/prometheus/prometheus.yml"));
    Map<String, Object> prom = yaml(config);
    assertThat(strings(prom.get("rule_files"))).contains("alerts.yml");
    assertThat(config.resolveSibling("alerts.yml")).exists();

    var scraped = new LinkedHashMap<String, Integer>();
    for (Object job : list(prom.get("scrape_configs"))) {
      for (Object sd : list(map(job).getOrDefault("dns_sd_configs", List.of()))) {
        var dns = map(sd);
        assertThat(dns.get("type")).isEqualTo("A");
        strings(dns.get("names")).forEach(n -> scraped.put(n, (Integer) dns.get("port")));
      }
    }
    assertThat(scraped).containsAllEntriesOf(APPS);
    // the Temporal server's metrics, where cluster.yaml puts them (internal port base + 8)
    int base =
        Integer.parseInt(
            (String)
                map(service("temporal").get("environment")).get("TEMPORAL_INTERNAL_PORT_BASE"));
    assertThat(staticTargets(prom)).contains("temporal:" + (base + 8));
  }

  @Test
  void grafanaIsProvisionedWithTheDashboards() throws IOException {
    var grafana = service("grafana");
    assertThat(hostFile("grafana", "/etc/grafana/provisioning"))
        .isEqualTo(root.resolve("deploy/grafana/provisioning"));
    Map<String, Object> datasources =
        yaml(root.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"));
    var source = map(list(datasources.get("datasources")).getFirst());
    assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
    Map<String, Object> providers =
        yaml(root.resolve("deploy/grafana/provisioning/dashboards/jobqueue.yml"));
    String dashboards =
        (String) map(map(list(providers.get("providers")).getFirst()).get("options")).get("path");
    Path dir = hostFile("grafana", dashboards);
    assertThat(dir).isEqualTo(root.resolve("deploy/grafana/dashboards"));
    try (var files = Files.list(dir)) {
      List<Path> json = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(json).isNotEmpty();
      for (Path file : json) {
        assertThat(DashboardQueries.read(file))
            .isNotEmpty()
            .allSatisfy(q -> assertThat(q.datasourceUid()).isEqualTo(source.get("uid")));
      }
    }
    assertThat(grafana.get("restart")).isEqualTo("unless-stopped");
  }

  @Test
  void theAppsShareNoVolumeAndKeepReportsAndBatchesInTheObjectStore() {
    var buckets = new ArrayList<Object>();
    for (String app : APPS.keySet()) {
      assertThat(strings(service(app).getOrDefault("volumes", List.of())))
          .as("%s's volumes: a shared disk would tie the replicas to one host", app)
          .isEmpty();
      Map<String, Object> env = map(service(app).get("environment"));
      assertThat(env).containsKeys("OBJECT_STORE_ENDPOINT", "OBJECT_STORE_ACCESS_KEY_ID");
      assertThat(env).doesNotContainKey("BATCH_STORE_DIR");
      buckets.add(env.get("OBJECT_STORE_BUCKET"));
    }
    assertThat(buckets).doesNotContainNull().containsOnly(buckets.getFirst());
    assertThat(String.join("\n", strings(service("minio-bucket").get("command"))))
        .contains("mc mb --ignore-existing store/" + buckets.getFirst());
    assertThat(map(map(service("worker-pdf").get("depends_on")).get("minio-bucket")))
        .containsEntry("condition", "service_completed_successfully");
  }

  @Test
  void composeStackTestFindsTheServicesItWaitsFor() {
    assertThat(list(service("api-server").get("ports"))).contains("8080:8080");
    assertThat(services).containsKeys("api-server", "worker-email");
    assertThat(map(service("api-server").get("environment"))).containsKey("DEV_API_KEY_SHA256");
  }

  private static List<String> staticTargets(Map<String, Object> prom) {
    var out = new ArrayList<String>();
    for (Object job : list(prom.get("scrape_configs"))) {
      for (Object sc : list(map(job).getOrDefault("static_configs", List.of()))) {
        out.addAll(strings(map(sc).get("targets")));
      }
    }
    return out;
  }

  /** The host path behind {@code containerPath} in {@code service}'s bind mounts. */
  private static Path hostFile(String service, String containerPath) {
    Optional<Path> found = Optional.empty();
    for (String volume : strings(service(service).getOrDefault("volumes", List.of()))) {
      String[] parts = volume.split(":");
      if (!parts[0].startsWith("./")) {
        continue;
      }
      String target = parts[1];
      if (containerPath.equals(target) || containerPath.startsWith(target + "/")) {
        found =
            Optional.of(
                root.resolve(parts[0].substring(2))
                    .resolve(containerPath.substring(target.length()).replaceFirst("^/", ""))
                    .normalize());
      }
    }
    Path path =
        found.orElseThrow(
            () ->
                new AssertionError(
                    service + " mounts nothing from the checkout at " + containerPath));
    assertThat(path).as("%s's %s", service, containerPath).exists();
    return path;
  }

  private static Map<String, Object> service(String name) {
    assertThat(services).containsKey(name);
    return services.get(name);
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return map(new Yaml().load(Files.readString(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
