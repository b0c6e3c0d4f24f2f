package dev.jobqueue.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of our processes (a worker, the API): its jar in its own JVM, configured as in production.
 */
final class JarProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static final String LOGS_HINT = "target/e2e-logs";
  private final String name;
  private final Process process;
  private final int adminPort;

  private JarProcess(String name, Process process, int adminPort) {
    this.name = name;
    this.process = process;
    this.adminPort = adminPort;
  }

  /**
   * Starts one of our Dropwizard processes: {@code module}'s jar with the module's own config file,
   * the given environment and heap cap; waits until its admin health check passes.
   */
  static JarProcess start(
      String module, String adminPortVariable, Map<String, String> env, String maxHeap, Path logDir)
      throws IOException {
    int adminPort = FreePorts.next();
    var withPort = new java.util.HashMap<>(env);
    withPort.put(adminPortVariable, Integer.toString(adminPort));
    Path config = moduleDir(module).resolve("config.yml");
    var process = launch(module, List.of("server", config.toString()), withPort, maxHeap, logDir);
    var app = new JarProcess(module, process, adminPort);
    app.awaitReady(() -> app.admin("/healthcheck").statusCode() == 200);
    return app;
  }

  /** Starts a plain jar with {@code args}; ready once {@code port} accepts connections. */
  static JarProcess startPlain(String module, List<String> args, int port, Path logDir)
      throws IOException {
    var app = new JarProcess(module, launch(module, args, Map.of(), "128m", logDir), -1);
    app.awaitReady(
        () -> {
          new java.net.Socket("127.0.0.1", port).close();
          return true;
        });
    return app;
  }

  private static Path moduleDir(String module) {
    return Path.of("..", module).toAbsolutePath().normalize();
  }

  private static Process launch(
      String module, List<String> args, Map<String, String> env, String maxHeap, Path logDir)
      throws IOException {
    Path jar = moduleDir(module).resolve("target").resolve(module + ".jar");
    if (!jar.toFile().isFile()) {
      throw new IllegalStateException(
          jar + " is missing: build the jars first (./jobqueue test does)");
    }
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(javaBin, "-Xmx" + maxHeap, "-jar", jar.toString()));
    command.addAll(args);
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    java.nio.file.Files.createDirectories(logDir);
    builder.redirectOutput(
        ProcessBuilder.Redirect.appendTo(logDir.resolve(module + ".log").toFile()));
    return builder.start();
  }

  private void awaitReady(java.util.concurrent.Callable<Boolean> ready) {
    await(name + " ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .failFast(
            name + " exited during start-up; see its log in " + LOGS_HINT, () -> !process.isAlive())
        .ignoreExceptions()
        .until(ready);
  }

  HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hooks, no goodbye to the server; a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the process's graceful shutdown; returns its exit code. */
  int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not stop within " + within + " of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
