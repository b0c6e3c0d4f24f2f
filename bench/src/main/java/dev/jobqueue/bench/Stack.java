package dev.jobqueue.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The product on this machine, each part its own process on free ports, as {@code ./jobqueue dev}
 * runs it but pointed at {@code smtp-sink}: Temporal, worker-email, worker-pdf and api-server,
 * configured through their environment variables only.
 */
final class Stack implements AutoCloseable {
  static final String TENANT = "bench";

  /** Heaps we run the processes with; what a deployment would set too. */
  private static final Map<String, String> HEAPS =
      Map.of("worker-email", "512m", "worker-pdf", "512m", "api-server", "512m");

  private static final Map<String, String> ADMIN_PORT_VARIABLES =
      Map.of(
          "worker-email",
          "EMAIL_WORKER_ADMIN_PORT",
          "worker-pdf",
          "PDF_WORKER_ADMIN_PORT",
          "api-server",
          "API_ADMIN_PORT");

  final TemporalDevServer temporal;
  final SmtpSink sink;
  final String apiKey = "jq_bench_" + UUID.randomUUID();
  private final Path reportDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Path root;
  private final Path logDir;
  private final int apiPort = FreePorts.next();
  private final Map<String, ChildProcess> apps = new LinkedHashMap<>();

  private Stack(Path root, Path work, TemporalDevServer temporal, SmtpSink sink) {
    this.root = root;
    this.logDir = work.resolve("logs");
    this.temporal = temporal;
    this.sink = sink;
    this.reportDir = work.resolve("reports");
  }

  /**
   * Starts everything under {@code work} (wiped first): the dev server's database, logs, stores.
   */
  static Stack start(Settings settings) throws Exception {
    Path work = settings.workDir();
    deleteTree(work.resolve("temporal"));
    deleteTree(work.resolve("reports"));
    deleteTree(work.resolve("batches"));
    deleteTree(work.resolve("logs"));
    Path logs = work.resolve("logs");
    var temporal =
        TemporalDevServer.start(
            settings.temporalCli(), work.resolve("temporal"), logs, settings.temporalArgs());
    SmtpSink sink = null;
    try {
      sink = SmtpSink.start(settings.smtpSink(), logs);
      var stack = new Stack(settings.root(), work, temporal, sink);
      try {
        stack.startApps(settings, work);
        return stack;
      } catch (Exception | Error e) {
        stack.close();
        throw e;
      }
    } catch (Exception | Error e) {
      if (sink != null) {
        sink.close();
      }
      temporal.close();
      throw e;
    }
  }

  private void startApps(Settings settings, Path work) throws Exception {
    env.put("TEMPORAL_ADDRESS", temporal.target());
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(sink.port()));
    env.put("SMTP_POOL_SIZE", Integer.toString(settings.smtpPoolSize()));
    env.put("REPORT_STORE_DIR", reportDir.toString());
    env.put("BATCH_STORE_DIR", work.resolve("batches").toString());
    env.put("API_PORT", Integer.toString(apiPort));
    env.put("DEV_TENANT", TENANT);
    env.put("DEV_API_KEY_SHA256", sha256(apiKey));
    // the per-tenant request limit protects a shared API; here it would measure itself
    env.put("API_RATE_LIMIT_RPS", "1000000");
    env.put("API_RATE_LIMIT_BURST", "1000000");
    String java = ProcessHandle.current().info().command().orElse("java");
    var starting = new ArrayList<Map.Entry<ChildProcess, Integer>>();
    for (String module : List.of("worker-email", "worker-pdf", "api-server")) {
      Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: build first (./jobqueue bench does)");
      }
      int adminPort = FreePorts.next();
      var processEnv = new HashMap<>(env);
      processEnv.put(ADMIN_PORT_VARIABLES.get(module), Integer.toString(adminPort));
      var process =
          ChildProcess.start(
              module,
              List.of(
                  java,
                  "-Xmx" + HEAPS.get(module),
                  "-jar",
                  jar.toString(),
                  "server",
                  root.resolve(module).resolve("config.yml").toString()),
              processEnv,
              logDir);
      apps.put(module, process);
      starting.add(Map.entry(process, adminPort));
    }
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (var app : starting) {
      var health =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getValue() + "/healthcheck"))
              .timeout(Duration.ofSeconds(5))
              .build();
      app.getKey()
          .awaitReady(
              () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200,
              Duration.ofSeconds(120));
    }
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  Path logDir() {
    return logDir;
  }

  ChildProcess app(String module) {
    return apps.get(module);
  }

  /** The pid of every process of the stack and of the bench itself, by name. */
  Map<String, Long> pids() {
    var pids = new LinkedHashMap<String, Long>();
    pids.put("temporal", temporal.process().pid());
    apps.forEach((name, p) -> pids.put(name, p.pid()));
    pids.put("smtp-sink", sink.process().pid());
    pids.put("bench", ProcessHandle.current().pid());
    return pids;
  }

  /** Peak RSS in bytes of every process of the stack, by name. */
  Map<String, Long> peakRss() {
    var rss = new LinkedHashMap<String, Long>();
    apps.forEach((name, p) -> rss.put(name, p.peakRssBytes()));
    rss.put("temporal", temporal.process().peakRssBytes());
    rss.put("smtp-sink", sink.process().peakRssBytes());
    return rss;
  }

  /** The name of the first of our processes that is no longer running, or null. */
  String deadProcess() {
    return apps.values().stream()
        .filter(p -> !p.isAlive())
        .map(ChildProcess::name)
        .findFirst()
        .orElse(
            temporal.process().isAlive()
                ? (sink.process().isAlive() ? null : "smtp-sink")
                : "temporal");
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    var reversed = new ArrayList<>(apps.values());
    java.util.Collections.reverse(reversed);
    for (ChildProcess app : reversed) {
      app.close();
    }
    sink.close();
    temporal.close();
  }
}
