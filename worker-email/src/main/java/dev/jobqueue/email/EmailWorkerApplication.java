package dev.jobqueue.email;

import com.codahale.metrics.health.HealthCheck;
import dev.jobqueue.runtime.WorkerApplication;
import dev.jobqueue.store.BatchStore;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The email fleet: single and batch email workflows and their SMTP send activities, in two lanes
 * ({@link EmailLanes}): transactional on the {@code email} queue, bulk chunks on {@code
 * email-bulk}, each with its own slots and SMTP connections. {@code lanes.serve} says which lanes
 * this process serves.
 */
public class EmailWorkerApplication extends WorkerApplication<EmailWorkerConfiguration> {

  public static void main(String[] args) throws Exception {
    new EmailWorkerApplication().run(args);
  }

  @Override
  public String getName() {
    return "worker-email";
  }

  @Override
  protected void register(
      WorkerFactory factory,
      EmailWorkerConfiguration configuration,
      Environment environment,
      PrometheusMeterRegistry registry) {
    var lanes =
        EmailLanes.register(
            factory,
            configuration.getLanes().lanes(),
            configuration.getWorker(),
            configuration.getDeployment(),
            configuration.getSmtp(),
            configuration.getLanes(),
            BatchStore.open(
                configuration.getObjectStore(), Path.of(configuration.getBatchStoreDir())),
            Clock.systemUTC());
    // closed after the worker factory has drained (lifecycle stops in reverse order)
    environment.lifecycle().manage(new AutoCloseableManager(lanes));
    for (var lane : lanes.lanes()) {
      String name = lane.lane().configName();
      Gauge.builder("jobqueue_email_smtp_connections_in_use", lane.pool(), SmtpTransportPool::inUse)
          .description("SMTP connections out with senders, per lane")
          .tag("lane", name)
          .register(registry);
      Gauge.builder("jobqueue_email_smtp_connections_max", lane.pool(), SmtpTransportPool::size)
          .description("SMTP connections a lane may open")
          .tag("lane", name)
          .register(registry);
      environment
          .healthChecks()
          .register(
              "lane-" + name,
              new HealthCheck() {
                @Override
                protected Result check() {
                  // the factory's "worker" check says whether it polls; this says what
                  return Result.healthy(
                      "polling %s: %d slots, %d SMTP connections (%d in use)",
                      lane.lane().taskQueue(),
                      lane.limits().maxConcurrentActivities(),
                      lane.pool().size(),
                      lane.pool().inUse());
                }
              });
    }
  }
}
