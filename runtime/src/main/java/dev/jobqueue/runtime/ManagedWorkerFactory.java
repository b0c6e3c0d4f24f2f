package dev.jobqueue.runtime;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.lifecycle.Managed;
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

  @Override
  public void start() {
    factory.start();
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
