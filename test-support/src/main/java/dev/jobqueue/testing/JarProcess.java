package dev.jobqueue.testing;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of our jars in its own JVM, configured as in production: the module's {@code config.yml},
 * overridden by environment variables. A Dropwizard process is ready when its admin health check
 * passes.
 */
public final class JarProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Generous: on a busy two-core machine a cold JVM and its Temporal connection take a while. */
  private static final Duration START_UP = Duration.ofSeconds(120);

  private final ChildProcess process;
  private final int adminPort;

  private JarProcess(ChildProcess process, int adminPort) {
    this.process = process;
    this.adminPort = adminPort;
  }

  /**
   * Starts {@code app} with {@code env} and a heap cap, and waits until its health check passes.
   */
  public static JarProcess start(
      Checkout checkout, App app, Map<String, String> env, String maxHeap, Path logDir)
      throws IOException, InterruptedException {
    var process = launch(checkout, app, env, maxHeap, logDir);
    try {
      process.awaitHealthy();
      return process;
    } catch (RuntimeException | InterruptedException e) {
      process.close();
      throw e;
    }
  }

  /**
   * Starts {@code app} on a free admin port and returns at once, so that several can start side by
   * side; {@link #awaitHealthy} waits for it.
   */
  public static JarProcess launch(
      Checkout checkout, App app, Map<String, String> env, String maxHeap, Path logDir)
      throws IOException {
    int adminPort = FreePorts.next();
    var withPort = new HashMap<>(env);
    withPort.put(app.adminPortVariable(), Integer.toString(adminPort));
    List<String> args = List.of("server", checkout.config(app.module()).toString());
    return new JarProcess(java(checkout, app.module(), args, withPort, maxHeap, logDir), adminPort);
  }

  /** Starts a plain jar (dev-smtp) with {@code args}; ready once {@code port} takes connections. */
  public static JarProcess startPlain(
      Checkout checkout, String module, List<String> args, int port, Path logDir)
      throws IOException, InterruptedException {
    var app = new JarProcess(java(checkout, module, args, Map.of(), "128m", logDir), -1);
    try {
      app.process.awaitReady(
          () -> {
            new Socket("127.0.0.1", port).close();
            return true;
          },
          START_UP);
      return app;
    } catch (RuntimeException | InterruptedException e) {
      app.close();
      throw e;
    }
  }

  private static ChildProcess java(
      Checkout checkout,
      String module,
      List<String> args,
      Map<String, String> env,
      String maxHeap,
      Path logDir)
      throws IOException {
    Path jar = checkout.jar(module);
    // the JVM running the harness: the JDK the build chose, not whatever java the PATH has
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(javaBin, "-Xmx" + maxHeap, "-jar", jar.toString()));
    command.addAll(args);
    return ChildProcess.start(module, command, env, logDir);
  }

  /** Waits until the admin health check answers 200; fails at once if the process exits. */
  public void awaitHealthy() throws InterruptedException {
    process.awaitReady(() -> admin("/healthcheck").statusCode() == 200, START_UP);
  }

  /** A GET on the admin port: {@code /healthcheck}, {@code /metrics}. */
  public HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    if (adminPort < 0) {
      throw new IllegalStateException(name() + " has no admin port");
    }
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The admin port on 127.0.0.1 ({@code /healthcheck}, {@code /metrics}). */
  public int adminPort() {
    if (adminPort < 0) {
      throw new IllegalStateException(name() + " has no admin port");
    }
    return adminPort;
  }

  public String name() {
    return process.name();
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.handle();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hooks, no goodbye to the server; a crash. */
  public void kill() throws InterruptedException {
    process.kill();
  }

  /** SIGTERM, then waits for the process's graceful shutdown; returns its exit code. */
  public int terminate(Duration within) throws InterruptedException {
    return process.terminate(within);
  }

  /**
   * SIGKILL if still running: at the end of a test or a run nothing is left worth finishing, and an
   * orderly stop would wait out in-flight work (a render, a fuzzer's jobs) in every teardown. Use
   * {@link #terminate} to test the orderly stop.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
