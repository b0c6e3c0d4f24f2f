package dev.jobqueue.bench;

import dev.jobqueue.job.JobSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code temporal server start-dev} on free ports with a fresh SQLite file and the job search
 * attributes, as {@code ./jobqueue dev} runs it; and the bench's own client of it.
 */
final class TemporalDevServer implements AutoCloseable {
  static final String NAMESPACE = "default";
  private static final Pattern COUNTER =
      Pattern.compile(
          "^(action|persistence_requests|visibility_persistence_requests)\\{(.*)}\\s+([0-9.eE+]+)$");

  /** The persistence operations that write a workflow's state (its shard's serialized writes). */
  private static final Set<String> WRITES =
      Set.of(
          "CreateWorkflowExecution",
          "UpdateWorkflowExecution",
          "ConflictResolveWorkflowExecution",
          "SetWorkflowExecution");

  /** Visibility writes: a job's searchable record, written at start, close and each upsert. */
  private static final Set<String> VISIBILITY_WRITES =
      Set.of(
          "RecordWorkflowExecutionStarted",
          "RecordWorkflowExecutionClosed",
          "UpsertWorkflowExecution");

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final ChildProcess process;
  private final int port;
  private final int metricsPort;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  private TemporalDevServer(ChildProcess process, int port, int metricsPort) {
    this.process = process;
    this.port = port;
    this.metricsPort = metricsPort;
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  /**
   * Starts the server as {@code ./jobqueue dev} does, plus {@code extraArgs} (the bench's {@code
   * JOBQUEUE_BENCH_TEMPORAL_ARGS}, for a what-if such as another SQLite journal mode).
   */
  static TemporalDevServer start(String cli, Path dir, Path logDir, List<String> extraArgs)
      throws Exception {
    Files.createDirectories(dir);
    int port = FreePorts.next();
    int metricsPort = FreePorts.next();
    List<String> command =
        new ArrayList<>(
            List.of(
                cli,
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--headless",
                "--port",
                Integer.toString(port),
                "--http-port",
                Integer.toString(FreePorts.next()),
                "--metrics-port",
                Integer.toString(metricsPort),
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--log-level",
                "warn",
                // task-queue priority and per-tenant fairness, as the product configures them
                "--dynamic-config-value",
                "matching.useNewMatcher=true",
                "--dynamic-config-value",
                "matching.enableFairness=true"));
    command.addAll(extraArgs);
    JobSearchAttributes.registrations()
        .forEach(
            (name, type) ->
                command.addAll(List.of("--search-attribute", name + "=" + cliType(type))));
    var server =
        new TemporalDevServer(
            ChildProcess.start("temporal", command, Map.of(), logDir), port, metricsPort);
    try {
      server.process.awaitReady(
          () -> {
            server
                .stubs
                .blockingStub()
                .withDeadlineAfter(1, TimeUnit.SECONDS)
                .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            return true;
          },
          Duration.ofSeconds(60));
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  /** {@code INDEXED_VALUE_TYPE_DATETIME} is {@code Datetime} to the CLI. */
  private static String cliType(IndexedValueType type) {
    String name = type.name().replace("INDEXED_VALUE_TYPE_", "");
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  WorkflowClient client() {
    return client;
  }

  ChildProcess process() {
    return process;
  }

  /**
   * The server's own counters for our namespace: {@code action:<type>}, what Temporal counts as an
   * action (workflow starts, signals, activity and timer commands, heartbeats, ...), and {@code
   * write:<operation>}, the history service's writes of workflow state, which a shard performs one
   * at a time, and {@code visibility:<operation>}, writes of the searchable records.
   */
  Map<String, Double> counters() throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    var counters = new TreeMap<String, Double>();
    for (String line : text.split("\n")) {
      var m = COUNTER.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      var l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      double value = Double.parseDouble(m.group(3));
      if (m.group(1).equals("visibility_persistence_requests")) {
        // no namespace label: the server's own system workflows count too, a few a minute
        if (VISIBILITY_WRITES.contains(labels.get("operation"))) {
          counters.merge("visibility:" + labels.get("operation"), value, Double::sum);
        }
        continue;
      }
      if (!NAMESPACE.equals(labels.get("namespace"))) {
        continue;
      }
      if (m.group(1).equals("action")) {
        counters.merge("action:" + labels.getOrDefault("action_type", "?"), value, Double::sum);
      } else if ("history".equals(labels.get("service_name"))
          && WRITES.contains(labels.get("operation"))) {
        counters.merge("write:" + labels.get("operation"), value, Double::sum);
      }
    }
    return counters;
  }

  @Override
  public void close() {
    stubs.shutdownNow();
    process.close();
  }
}
