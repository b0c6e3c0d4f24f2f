package dev.jobqueue.runtime;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.lifecycle.Managed;
import io.grpc.StatusRuntimeException;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts polling when the process is up; on shutdown stops polling, gives in-flight activities the
 * grace period to finish, then interrupts the rest (their last heartbeat checkpoint survives, and
 * Temporal retries them on another worker).
 */
public final class ManagedWorkerFactory extends HealthCheck implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedWorkerFactory.class);
  private final WorkerFactory factory;
  private final Duration grace;

  public ManagedWorkerFactory(WorkerFactory factory, Duration grace) {
    this.factory = factory;
    this.grace = grace;
  }

  /**
   * Starts polling. The SDK first asks the server for the namespace: a server that cannot be
   * reached, or that refuses this connection (a TLS handshake without the client certificate it
   * requires, a wrong API key), stops the process here, saying so.
   */
  @Override
  public void start() {
    try {
      factory.start();
    } catch (StatusRuntimeException e) {
      var stubs = factory.getWorkflowClient().getWorkflowServiceStubs().getOptions();
      throw new IllegalStateException(
          "The workers cannot start: Temporal at "
              + stubs.getTarget()
              + (stubs.getSslContext() != null || stubs.getEnableHttps()
                  ? " (TLS)"
                  : " (plaintext)")
              + " refused or did not answer the connection ("
              + e.getStatus().getCode()
              + ": "
              + rootMessage(e)
              + "). Check TEMPORAL_ADDRESS, and the TLS settings and credentials the server"
              + " requires (TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH,"
              + " TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_API_KEY).",
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  @Override
  public void stop() {
    LOG.info("stopping polling; in-flight work has {} to finish", grace);
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      LOG.warn("grace period over: interrupting what is still running; Temporal will retry it");
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    LOG.info("worker stopped");
  }

  @Override
  protected Result check() {
    if (factory.isStarted() && !factory.isShutdown()) {
      return Result.healthy("polling");
    }
    return Result.unhealthy(factory.isShutdown() ? "shutting down" : "not started");
  }
}
