package dev.jobqueue.runtime;

import io.dropwizard.core.setup.Environment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Clock;

/**
 * A worker fleet's process: one Temporal worker per task queue it serves, each with its own limits.
 * Most fleets serve one queue with the config's {@code worker:} limits; the email fleet serves a
 * lane per workload, so that one lane's slots are never taken by the other's work.
 */
public abstract class WorkerApplication<C extends WorkerConfiguration>
    extends JobqueueApplication<C> {

  /**
   * Creates the fleet's workers on {@code factory}, one per task queue ({@link
   * WorkerConfig#workerOptions()} for the limits), and registers their workflows and activities.
   */
  protected abstract void register(
      WorkerFactory factory,
      C configuration,
      Environment environment,
      PrometheusMeterRegistry registry)
      throws Exception;

  @Override
  protected final void start(
      C configuration,
      Environment environment,
      TemporalConnection temporal,
      PrometheusMeterRegistry registry)
      throws Exception {
    var factory =
        WorkerFactory.newInstance(
            temporal.client(),
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new AttemptReporter(Clock.systemUTC()), new JobLogContext())
                .build());
    register(factory, configuration, environment, registry);
    var managed = new ManagedWorkerFactory(factory, configuration.getWorker().shutdownGrace());
    environment.lifecycle().manage(managed);
    environment.healthChecks().register("worker", managed);
  }
}
