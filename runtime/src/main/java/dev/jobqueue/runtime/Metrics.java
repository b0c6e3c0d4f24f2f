package dev.jobqueue.runtime;

import io.dropwizard.core.setup.Environment;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The process's Micrometer registry, served as Prometheus text at the admin port's /metrics. */
public final class Metrics {
  private Metrics() {}

  /**
   * Creates the registry with JVM metrics and mounts it at the admin {@code /metrics} (an exact
   * mapping, so it takes precedence over Dropwizard's own JSON metrics page).
   */
  public static PrometheusMeterRegistry install(Environment environment, String process) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("process", process);
    // job durations as a Prometheus histogram, so percentiles can be taken across a fleet
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().startsWith("jobqueue")) {
                  return DistributionStatisticConfig.builder()
                      .percentilesHistogram(true)
                      .build()
                      .merge(config);
                }
                return config;
              }
            });
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    environment
        .admin()
        .addServlet("prometheus", new PrometheusServlet(registry))
        .addMapping("/metrics");
    return registry;
  }
}
