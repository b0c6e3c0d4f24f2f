package dev.jobqueue.testing;

import dev.jobqueue.runtime.TemporalServerSettings;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code temporal server start-dev} as {@code ./jobqueue dev} runs it (SQLite file, the product's
 * search attributes and dynamic config from {@link TemporalServerSettings}), but on free loopback
 * ports. The CLI comes from {@code JOBQUEUE_TEMPORAL_CLI} or the PATH ({@link Tool#temporalCli}).
 */
public final class DevServer implements TemporalServer {
  public static final String NAMESPACE = "default";

  /**
   * How to run the server.
   *
   * @param dataDir holds the SQLite file, {@code temporal.db}
   * @param logDir where {@code temporal.log} goes
   * @param ui whether to serve the Web UI; headless saves the UI's work on a measured machine
   * @param extraArgs added to the command line, for a what-if (another SQLite journal mode, say)
   */
  public record Options(Path dataDir, Path logDir, boolean ui, List<String> extraArgs) {
    public Options {
      extraArgs = List.copyOf(extraArgs);
    }

    /** With the Web UI and nothing added: the server as {@code ./jobqueue dev} runs it. */
    public static Options in(Path dataDir, Path logDir) {
      return new Options(dataDir, logDir, true, List.of());
    }

    public Options headless() {
      return new Options(dataDir, logDir, false, extraArgs);
    }

    public Options withArgs(List<String> args) {
      return new Options(dataDir, logDir, ui, args);
    }
  }

  private final List<String> command;
  private final Path logDir;
  private volatile ChildProcess process;
  private final int port;
  private final int uiPort;
  private final int metricsPort;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private DevServer(
      List<String> command,
      Path logDir,
      ChildProcess process,
      int port,
      int uiPort,
      int metricsPort) {
    this.command = List.copyOf(command);
    this.logDir = logDir;
    this.process = process;
    this.port = port;
    this.uiPort = uiPort;
    this.metricsPort = metricsPort;
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  /** The server as {@code ./jobqueue dev} runs it; a {@link TemporalServer.Factory}. */
  public static DevServer start(Path dataDir, Path logDir) throws Exception {
    return start(Options.in(dataDir, logDir));
  }

  public static DevServer start(Options options) throws Exception {
    String cli =
        Tool.temporalCli()
            .require(
                "the Temporal CLI",
                "run through ./jobqueue test or ./jobqueue bench, which install it, or set"
                    + " JOBQUEUE_TEMPORAL_CLI to a temporal binary");
    Files.createDirectories(options.dataDir());
    int port = FreePorts.next();
    int uiPort = options.ui() ? FreePorts.next() : -1;
    int metricsPort = FreePorts.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                cli,
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--http-port",
                Integer.toString(FreePorts.next()),
                "--metrics-port",
                Integer.toString(metricsPort),
                "--db-filename",
                options.dataDir().resolve("temporal.db").toString(),
                "--log-level",
                "warn"));
    command.addAll(
        options.ui() ? List.of("--ui-port", Integer.toString(uiPort)) : List.of("--headless"));
    command.addAll(TemporalServerSettings.devServerArgs());
    command.addAll(options.extraArgs());
    var process = ChildProcess.start("temporal", command, Map.of(), options.logDir());
    var server = new DevServer(command, options.logDir(), process, port, uiPort, metricsPort);
    try {
      server.awaitReady();
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  private void awaitReady() throws InterruptedException {
    process.awaitReady(
        () -> {
          stubs
              .blockingStub()
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return true;
        },
        Duration.ofSeconds(60));
  }

  /**
   * SIGKILL to the server and every process it started: a crash, nothing flushed, no goodbye to the
   * workers. Its SQLite file stays as the crash left it, for {@link #restart}.
   */
  public void kill() throws InterruptedException {
    var descendants = process.handle().descendants().toList();
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.kill();
    for (ProcessHandle child : descendants) {
      child.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> child).join();
    }
  }

  /**
   * Starts the server again after {@link #kill}, on the same ports and the same SQLite file, and
   * waits until it answers: what a host's restart does. Clients (the stubs here, our processes)
   * reconnect on their own.
   */
  public void restart() throws InterruptedException, IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("the server is still running; kill it first");
    }
    process = ChildProcess.start("temporal", command, Map.of(), logDir);
    awaitReady();
  }

  @Override
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public Optional<String> uiUrl() {
    return uiPort < 0 ? Optional.empty() : Optional.of("http://127.0.0.1:" + uiPort);
  }

  @Override
  public URI metricsUrl() {
    return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
  }

  @Override
  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  @Override
  public WorkflowClient client() {
    return client;
  }

  @Override
  public Map<String, ProcessHandle> processes() {
    return Map.of("temporal", process.handle());
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    process.close();
  }
}
