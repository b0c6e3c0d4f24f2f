package dev.jobqueue.api;

import dev.jobqueue.api.admission.AdmissionConfig;
import dev.jobqueue.api.auth.ApiKeyConfig;
import dev.jobqueue.api.auth.ApiKeys;
import dev.jobqueue.api.auth.RateLimitConfig;
import dev.jobqueue.api.coalesce.CoalescingConfig;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalConfig;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The API's real Jersey components over Temporal's in-memory test server, with two tenants. Jobs
 * stay QUEUED unless the test registers workers before {@link #start()}.
 */
public final class TestApi implements AutoCloseable {
  public static final String ACME_KEY = "acme-secret-key";
  public static final String GLOBEX_KEY = "globex-secret-key";
  public static final String UI = "http://temporal-ui.test";

  public final TestWorkflowEnvironment temporal;
  public final MutableClock clock = new MutableClock();
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final Path reportStore;
  public final Path batchStore;
  public final ApiServerConfiguration config = new ApiServerConfiguration();
  private JobStarter.AfterStaging afterStaging = JobStarter.AfterStaging.NONE;

  /** The schedules' activities the last {@link #resources()} built, bound to its parts. */
  public dev.jobqueue.schedule.ScheduleActivities scheduleActivities;

  public TestApi() {
    temporal = TestWorkflowEnvironment.newInstance();
    JobSearchAttributes.registrations().forEach(temporal::registerSearchAttribute);
    try {
      reportStore = Files.createTempDirectory("reports");
      batchStore = Files.createTempDirectory("batches");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.setTemporal(new TemporalConfig("in-memory", "default", UI));
    config.setReportStoreDir(reportStore.toString());
    config.setBatchStoreDir(batchStore.toString());
    config.setApiKeys(
        List.of(
            new ApiKeyConfig("acme", ApiKeys.sha256Hex(ACME_KEY)),
            new ApiKeyConfig("globex", ApiKeys.sha256Hex(GLOBEX_KEY)),
            new ApiKeyConfig("dev", null)));
    config.setRateLimit(new RateLimitConfig(10_000, 10_000));
    // the in-memory server has no visibility queries: the bulk cap is tested on the real server
    config.setAdmission(
        new AdmissionConfig(1e6, 1_000_000, 1e6, 1_000_000, 40, 0, Duration.ofSeconds(30), 1));
    // one workflow per email unless a test coalesces on purpose (coalescingAlways)
    config.setCoalescing(
        new CoalescingConfig(false, 10, Duration.ofMillis(50), 500, 786_432, 65_536, 4));
  }

  /** Every single email is coalesced, however few arrive: for tests of the coalesced path. */
  public TestApi coalescingAlways(Duration maxWait, int maxEmails) {
    config.setCoalescing(new CoalescingConfig(true, 0, maxWait, maxEmails, 786_432, 65_536, 4));
    return this;
  }

  /** Runs {@code hook} between staging each batch and starting its job (before resources()). */
  public TestApi afterStaging(JobStarter.AfterStaging hook) {
    this.afterStaging = hook;
    return this;
  }

  /** Serves (and sweeps) {@code reports} instead of the report directory (before resources()). */
  public TestApi reportFiles(dev.jobqueue.api.jobs.ReportFiles reports) {
    config.reportFiles(reports);
    return this;
  }

  public Worker worker(String taskQueue) {
    return temporal.newWorker(taskQueue);
  }

  public TestApi start() {
    temporal.start();
    return this;
  }

  public WorkflowClient client() {
    return temporal.getWorkflowClient();
  }

  /** The resource extension serving this API, with the mapper and providers the server has. */
  public ResourceExtension resources() {
    var mapper = ApiJson.configure(Jackson.newObjectMapper());
    var builder =
        ResourceExtension.builder().setMapper(mapper).setRegisterDefaultExceptionMappers(false);
    for (Object component :
        ApiComponents.build(config, client(), mapper, registry, clock, afterStaging)) {
      if (component instanceof dev.jobqueue.schedule.ScheduleActivities activities) {
        scheduleActivities = activities;
      } else if (!(component instanceof io.dropwizard.lifecycle.Managed)) {
        builder.addProvider(component);
      }
    }
    return builder.build();
  }

  @Override
  public void close() {
    temporal.close();
  }
}
