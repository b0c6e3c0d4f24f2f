package dev.jobqueue.system;

import static org.awaitility.Awaitility.await;

import dev.jobqueue.job.JobSearchAttributes;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server ({@code temporal server start-dev}) on free ports, with SQLite
 * persistence and the job search attributes registered. The CLI comes from {@code
 * JOBQUEUE_TEMPORAL_CLI} ({@code ./jobqueue test} sets it) or the PATH.
 */
final class TemporalDevServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final int uiPort;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalDevServer(Process process, int port, int uiPort) {
    this.process = process;
    this.port = port;
    this.uiPort = uiPort;
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  static TemporalDevServer start(Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = FreePorts.next();
    int uiPort = FreePorts.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                cli(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--ui-port",
                Integer.toString(uiPort),
                "--http-port",
                Integer.toString(FreePorts.next()),
                "--metrics-port",
                Integer.toString(FreePorts.next()),
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--log-level",
                "warn",
                // task-queue priority and per-tenant fairness, as the product configures them
                "--dynamic-config-value",
                "matching.useNewMatcher=true",
                "--dynamic-config-value",
                "matching.enableFairness=true"));
    JobSearchAttributes.registrations()
        .forEach(
            (name, type) ->
                command.addAll(List.of("--search-attribute", name + "=" + cliType(type))));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("temporal.log").toFile())
            .start();
    var server = new TemporalDevServer(process, port, uiPort);
    server.awaitReady();
    return server;
  }

  /** {@code INDEXED_VALUE_TYPE_DATETIME} is {@code Datetime} to the CLI. */
  private static String cliType(io.temporal.api.enums.v1.IndexedValueType type) {
    String name = type.name().replace("INDEXED_VALUE_TYPE_", "");
    return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private static String cli() {
    String configured = System.getenv("JOBQUEUE_TEMPORAL_CLI");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "temporal"))) {
        return Path.of(dir, "temporal").toString();
      }
    }
    throw new IllegalStateException(
        "the Temporal CLI is needed for these tests: run them with ./jobqueue test, which"
            + " installs it, or set JOBQUEUE_TEMPORAL_CLI to a temporal binary");
  }

  private void awaitReady() {
    await("Temporal dev server on port " + port)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .failFast("temporal exited during start-up; see temporal.log", () -> !process.isAlive())
        .ignoreExceptions()
        .until(
            () -> {
              stubs
                  .blockingStub()
                  .withDeadlineAfter(1, TimeUnit.SECONDS)
                  .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
              return true;
            });
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
