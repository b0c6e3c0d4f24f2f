package dev.jobqueue.api;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.auth.ApiKeys;
import dev.jobqueue.api.callbacks.CallbackActivitiesImpl;
import dev.jobqueue.api.control.ControlWorker;
import dev.jobqueue.api.control.RetentionSchedule;
import dev.jobqueue.api.control.RetentionSweep;
import dev.jobqueue.api.control.SweepActivitiesImpl;
import dev.jobqueue.api.deadletters.DeadLetterGauges;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.api.http.ProblemErrorHandler;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.runtime.JobqueueApplication;
import dev.jobqueue.runtime.TaskQueueBacklog;
import dev.jobqueue.runtime.TemporalConnection;
import dev.jobqueue.schedule.ScheduleActivities;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: starts jobs and reports their status. A Temporal client, and the control worker
 * (task queue {@code control}: bulk redrives, the retention sweep, tenants' schedules firing); it
 * polls no job's queue.
 */
public class ApiServerApplication extends JobqueueApplication<ApiServerConfiguration> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerApplication.class);

  public static void main(String[] args) throws Exception {
    new ApiServerApplication().run(args);
  }

  @Override
  public String getName() {
    return "api-server";
  }

  @Override
  protected void start(
      ApiServerConfiguration configuration,
      Environment environment,
      TemporalConnection temporal,
      PrometheusMeterRegistry registry) {
    // our ProblemMapper answers every error; Dropwizard's own mappers would answer some in
    // another shape, whatever the YAML says
    if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
      server.setRegisterDefaultExceptionMappers(false);
    }
    if (new ApiKeys(configuration.allApiKeys()).isEmpty()) {
      LOG.warn(
          "no API keys configured: every /v1/jobs request will be refused (set"
              + " DEV_API_KEY_SHA256 or API_KEYS)");
    }
    environment.getApplicationContext().setErrorHandler(new ProblemErrorHandler());
    environment
        .lifecycle()
        .addServerLifecycleListener(server -> server.setErrorHandler(new ProblemErrorHandler()));
    var mapper = ApiJson.configure(environment.getObjectMapper());
    ScheduleActivities scheduled = null;
    for (Object component :
        ApiComponents.build(
            configuration, temporal.client(), mapper, registry, Clock.systemUTC())) {
      if (component instanceof ScheduleActivities activities) {
        scheduled = activities;
      } else if (component instanceof Managed managed) {
        environment.lifecycle().manage(managed);
      } else {
        environment.jersey().register(component);
      }
    }
    if (configuration.isControlWorker()) {
      var retention = configuration.getRetention();
      var sweep =
          new SweepActivitiesImpl(
              configuration.batchStore(),
              configuration.reportFiles(),
              new RetentionSweep(
                  batch -> SweepActivitiesImpl.lookup(temporal.client(), batch),
                  Clock.systemUTC(),
                  retention.stagingGrace(),
                  retention.reportRetention()));
      ControlWorker.start(
          temporal.client(),
          sweep,
          scheduled,
          new RetentionSchedule(
              temporal.client(), configuration.getTemporal(), retention.sweepInterval()),
          new CallbackActivitiesImpl(configuration.getCallbacks(), mapper, Clock.systemUTC()),
          environment);
    }
    environment
        .lifecycle()
        .manage(
            new DeadLetterGauges(
                temporal.client(),
                configuration.getTemporal(),
                registry,
                new TemporalDeadline(configuration.getTemporalTimeout()),
                Clock.systemUTC(),
                configuration.getDeadLetterGaugeInterval()));
    // the statistics are the server's, for the whole queue: the API reads them for every fleet
    environment
        .lifecycle()
        .manage(
            new TaskQueueBacklog(
                temporal.stubs(),
                configuration.getTemporal().namespace(),
                TaskQueues.ALL,
                registry,
                configuration.getBacklogPollInterval(),
                configuration.getTemporalTimeout()));
  }
}
