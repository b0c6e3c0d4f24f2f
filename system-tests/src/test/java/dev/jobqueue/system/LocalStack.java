package dev.jobqueue.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole product on this machine, as {@code ./jobqueue dev} runs it: the Temporal dev server,
 * the dev SMTP server, both fleets and the API, each its own process, on free ports.
 */
final class LocalStack implements AutoCloseable {
  static final Path LOGS = Path.of("target", "e2e-logs");

  final TemporalDevServer temporal;
  final Path mailDir;
  final Path reportDir;
  final Path batchDir;
  final String apiKey = "jq_test_" + UUID.randomUUID();
  final String tenant = "acme";
  private final int apiPort = FreePorts.next();
  private final Map<String, String> env = new HashMap<>();
  private final List<JarProcess> processes = new ArrayList<>();

  private LocalStack(TemporalDevServer temporal, Path dir) {
    this.temporal = temporal;
    this.mailDir = dir.resolve("mail");
    this.reportDir = dir.resolve("reports");
    this.batchDir = dir.resolve("batches");
  }

  static LocalStack start(Path dir, Map<String, String> overrides) throws Exception {
    var stack = new LocalStack(TemporalDevServer.start(dir.resolve("temporal")), dir);
    try {
      stack.startProcesses(overrides);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startProcesses(Map<String, String> overrides) throws Exception {
    int smtpPort = FreePorts.next();
    processes.add(
        JarProcess.startPlain(
            "dev-smtp", List.of(Integer.toString(smtpPort), mailDir.toString()), smtpPort, LOGS));
    env.put("TEMPORAL_ADDRESS", temporal.target());
    env.put("TEMPORAL_UI_URL", temporal.uiUrl());
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(smtpPort));
    env.put("REPORT_STORE_DIR", reportDir.toString());
    env.put("BATCH_STORE_DIR", batchDir.toString());
    env.put("API_PORT", Integer.toString(apiPort));
    env.put("DEV_TENANT", tenant);
    env.put("DEV_API_KEY_SHA256", sha256(apiKey));
    env.putAll(overrides);
    for (String module : List.of("worker-email", "worker-pdf", "api-server")) {
      start(module);
    }
  }

  private static final Map<String, String> ADMIN_PORT_VARIABLES =
      Map.of(
          "worker-email",
          "EMAIL_WORKER_ADMIN_PORT",
          "worker-pdf",
          "PDF_WORKER_ADMIN_PORT",
          "api-server",
          "API_ADMIN_PORT");

  /** Starts (another) {@code module} process with the stack's configuration. */
  JarProcess start(String module) throws Exception {
    String heap = module.equals("worker-pdf") ? "512m" : "256m";
    var process = JarProcess.start(module, ADMIN_PORT_VARIABLES.get(module), env, heap, LOGS);
    processes.add(process);
    return process;
  }

  String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  Api api() {
    return new Api(apiUrl(), apiKey);
  }

  /** The running {@code module} process started last. */
  JarProcess process(String module) {
    return processes.reversed().stream()
        .filter(p -> p.name().equals(module))
        .findFirst()
        .orElseThrow();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    temporal.close();
  }
}
