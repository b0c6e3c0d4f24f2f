package dev.jobqueue.runtime;

import io.dropwizard.core.setup.Environment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Clock;

/** A worker fleet's process: polls exactly one task queue, with the limits from its config. */
public abstract class WorkerApplication<C extends WorkerConfiguration>
    extends JobqueueApplication<C> {

  /** The one task queue this fleet polls. */
  protected abstract String taskQueue();

  /** Registers the fleet's workflows and activities. */
  protected abstract void register(
      Worker worker, C configuration, Environment environment, PrometheusMeterRegistry registry)
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
                .setWorkerInterceptors(new AttemptReporter(Clock.systemUTC()))
                .build());
    var worker = factory.newWorker(taskQueue(), configuration.getWorker().workerOptions());
    register(worker, configuration, environment, registry);
    var managed = new ManagedWorkerFactory(factory, configuration.getWorker().shutdownGrace());
    environment.lifecycle().manage(managed);
    environment.healthChecks().register("worker", managed);
  }
}
