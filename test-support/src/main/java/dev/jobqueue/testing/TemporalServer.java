package dev.jobqueue.testing;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A Temporal server the stack runs against, started for a test or a bench run and stopped after it,
 * with the search attributes and dynamic config the product needs ({@code TemporalServerSettings}).
 * {@link DevServer} is {@code temporal server start-dev}; {@link ClusterServer} is a cluster
 * (Temporal Server on PostgreSQL, as {@code ./jobqueue cluster} runs it), handed to {@link
 * LocalStack.Builder#temporal} as a {@link Factory}.
 */
public interface TemporalServer extends AutoCloseable {
  /** Where our processes and the SDK connect: {@code host:port} of the frontend's gRPC. */
  String target();

  String namespace();

  /**
   * The environment a process needs to connect: {@code TEMPORAL_ADDRESS}, {@code
   * TEMPORAL_NAMESPACE}, and whatever TLS settings the server asks of its clients.
   */
  default Map<String, String> clientEnvironment() {
    return Map.of("TEMPORAL_ADDRESS", target(), "TEMPORAL_NAMESPACE", namespace());
  }

  /** The Web UI, if the server runs one. */
  Optional<String> uiUrl();

  /** The server's Prometheus endpoint: its own counters of actions and persistence writes. */
  URI metricsUrl();

  /** A connection for tests, open until {@link #close}. */
  WorkflowServiceStubs stubs();

  /** A client of {@link #namespace} over {@link #stubs}. */
  WorkflowClient client();

  /**
   * The server's processes on this machine, by name (one for the dev server; a cluster has its
   * services and its database): for CPU and memory figures, and to tell that one has died.
   */
  Map<String, ProcessHandle> processes();

  /** Stops the server and the processes it started; its state may be left on disk. */
  @Override
  void close();

  /** Starts a server keeping its state under {@code dataDir} and its logs in {@code logDir}. */
  @FunctionalInterface
  interface Factory {
    TemporalServer start(Path dataDir, Path logDir) throws Exception;
  }
}
