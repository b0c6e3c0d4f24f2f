package dev.jobqueue.runtime;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every jobqueue process does before its own work: environment variables in its YAML, a
 * Prometheus registry on the admin port, one Temporal connection with a health check, and a clean
 * exit on SIGTERM.
 */
public abstract class JobqueueApplication<C extends ProcessConfiguration> extends Application<C> {

  @Override
  public void initialize(Bootstrap<C> bootstrap) {
    // ${VAR:-default} in the YAML; a variable without a default must be set
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
  }

  @Override
  public final void run(C configuration, Environment environment) throws Exception {
    Shutdown.exitZeroOnSigterm();
    var registry = Metrics.install(environment, getName());
    var settings = TemporalClientSettings.load(configuration.getTemporal());
    // what reads the configuration later (namespace, links) sees the target and namespace in use
    configuration.setTemporal(configuration.getTemporal().resolved(settings));
    var temporal = new TemporalConnection(configuration.getTemporal(), settings, registry);
    environment.lifecycle().manage(temporal);
    environment.healthChecks().register("temporal", new TemporalHealthCheck(temporal));
    start(configuration, environment, temporal, registry);
  }

  /** Wires the process's own work; everything it creates that must stop is {@code Managed}. */
  protected abstract void start(
      C configuration,
      Environment environment,
      TemporalConnection temporal,
      PrometheusMeterRegistry registry)
      throws Exception;
}
