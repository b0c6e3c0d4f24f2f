package dev.jobqueue.runtime;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/**
 * The process's one connection to Temporal. The stubs connect lazily, so a process starts (and
 * reports itself unhealthy) while Temporal is down, and recovers when it comes up. The SDK's own
 * metrics flow into the process's Micrometer registry.
 */
public final class TemporalConnection implements Managed {
  private final TemporalConfig config;
  private final TemporalClientSettings settings;
  private final Scope metricsScope;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  /**
   * A connection as {@code settings} describe it; {@code config} is the YAML's, with the target and
   * namespace the settings resolved.
   */
  public TemporalConnection(
      TemporalConfig config, TemporalClientSettings settings, MeterRegistry registry) {
    this.config = config.resolved(settings);
    this.settings = settings;
    this.metricsScope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            settings.stubsOptions().setMetricsScope(metricsScope).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** The YAML's configuration, target and namespace resolved. */
  public TemporalConfig config() {
    return config;
  }

  public TemporalClientSettings settings() {
    return settings;
  }

  @Override
  public void start() {}

  @Override
  public void stop() throws Exception {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    metricsScope.close();
  }
}
