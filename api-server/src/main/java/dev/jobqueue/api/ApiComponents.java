package dev.jobqueue.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.admission.BulkInFlight;
import dev.jobqueue.api.admission.WorkAdmission;
import dev.jobqueue.api.auth.ApiKeyFilter;
import dev.jobqueue.api.auth.ApiKeys;
import dev.jobqueue.api.auth.RateLimitFilter;
import dev.jobqueue.api.auth.RateLimiter;
import dev.jobqueue.api.callbacks.CallbackRules;
import dev.jobqueue.api.coalesce.Coalescer;
import dev.jobqueue.api.coalesce.GroupStarter;
import dev.jobqueue.api.deadletters.BulkRedrive;
import dev.jobqueue.api.deadletters.DeadLetterActions;
import dev.jobqueue.api.deadletters.DeadLetterLister;
import dev.jobqueue.api.errors.ProblemMapper;
import dev.jobqueue.api.http.BodyLimitFilter;
import dev.jobqueue.api.http.LogContextFilter;
import dev.jobqueue.api.http.RequestMetricsFilter;
import dev.jobqueue.api.jobs.BatchOutcomes;
import dev.jobqueue.api.jobs.BatchStaging;
import dev.jobqueue.api.jobs.JobCanceller;
import dev.jobqueue.api.jobs.JobHistoryReader;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.JobLister;
import dev.jobqueue.api.jobs.JobReplays;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.JobStatusReader;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.api.jobs.ThroughputStats;
import dev.jobqueue.api.jobsbatch.JobsBatch;
import dev.jobqueue.api.jobsbatch.JobsBatchReader;
import dev.jobqueue.api.resources.ConsoleResource;
import dev.jobqueue.api.resources.DeadLettersResource;
import dev.jobqueue.api.resources.DocsResource;
import dev.jobqueue.api.resources.JobHistoryResource;
import dev.jobqueue.api.resources.JobItemsResource;
import dev.jobqueue.api.resources.JobResultResource;
import dev.jobqueue.api.resources.JobsBatchResource;
import dev.jobqueue.api.resources.JobsResource;
import dev.jobqueue.api.resources.OpenApiResource;
import dev.jobqueue.api.resources.SchedulesResource;
import dev.jobqueue.api.resources.StatsResource;
import dev.jobqueue.api.schedules.ScheduleActivitiesImpl;
import dev.jobqueue.api.schedules.ScheduleRules;
import dev.jobqueue.api.schedules.TenantSchedules;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.util.List;

/**
 * Everything the API registers with Jersey (and the {@code Managed} parts it starts and stops),
 * built from its configuration. The application and the resource tests register the same list, so
 * the tests exercise the real filters and mappers. The list holds the schedules' activities too,
 * for the control worker: a schedule's firing submits its job with these very parts.
 */
public final class ApiComponents {
  private ApiComponents() {}

  public static List<Object> build(
      ApiServerConfiguration config,
      WorkflowClient client,
      ObjectMapper mapper,
      MeterRegistry registry,
      Clock clock) {
    return build(config, client, mapper, registry, clock, JobStarter.AfterStaging.NONE);
  }

  /** As the application builds them, with a seam in the window between staging and starting. */
  static List<Object> build(
      ApiServerConfiguration config,
      WorkflowClient client,
      ObjectMapper mapper,
      MeterRegistry registry,
      Clock clock,
      JobStarter.AfterStaging afterStaging) {
    var temporal = config.getTemporal();
    var batchStore = config.batchStore();
    var batchOutcomes = new BatchOutcomes(batchStore);
    var reader = new JobStatusReader(client, temporal, config.getRetry(), clock, batchOutcomes);
    var deadline = new TemporalDeadline(config.getTemporalTimeout());
    var fairness = config.fairness();
    var coalescer =
        new Coalescer(
            config.getCoalescing(),
            new GroupStarter(
                client,
                temporal,
                new JobReplays(reader),
                deadline,
                config.getDeadLetterRetention(),
                config.getRetry(),
                registry,
                clock,
                fairness),
            clock,
            registry);
    var submissions =
        new Submissions(
            mapper, config.getRetry(), config.senders(), new CallbackRules(config.getCallbacks()));
    var ids = new JobIds();
    var starter =
        new JobStarter(
            client,
            temporal,
            reader,
            config.getDeadLetterRetention(),
            registry,
            deadline,
            new BatchStaging(batchStore, config.getBatchChunkSize()),
            coalescer,
            fairness,
            new WorkAdmission(
                config.getAdmission(),
                config.getAdmission().maxBulkEmailsInFlight() > 0
                    ? BulkInFlight.of(client, clock)
                    : null,
                clock),
            afterStaging);
    var jobs =
        new JobsResource(
            submissions,
            ids,
            starter,
            reader,
            new JobLister(client, temporal, clock),
            new JobCanceller(client, reader),
            deadline);
    // many jobs in one request, each the way POST /v1/jobs starts one
    var jobsBatch =
        new JobsBatchResource(
            new JobsBatchReader(mapper), new JobsBatch(submissions, ids, starter));
    var deadLetters =
        new DeadLettersResource(
            new DeadLetterLister(client, temporal),
            new DeadLetterActions(client, reader, submissions, registry),
            new BulkRedrive(client, temporal, deadline, config.getBulkRedriveMaxSelection()),
            deadline);
    var schedules =
        new SchedulesResource(
            new ScheduleRules(mapper, submissions, config.getSchedules()),
            new TenantSchedules(client, temporal, mapper, config.getSchedules()),
            ids,
            deadline);
    return List.of(
        coalescer,
        new ScheduleActivitiesImpl(mapper, submissions, starter, reader),
        new RequestMetricsFilter(registry),
        new BodyLimitFilter(config.getMaxBatchBodyBytes(), config.getMaxJobsBatchBodyBytes()),
        new ApiKeyFilter(new ApiKeys(config.allApiKeys())),
        new LogContextFilter(),
        new RateLimitFilter(new RateLimiter(config.getRateLimit(), clock)),
        new ProblemMapper(),
        jobs,
        jobsBatch,
        deadLetters,
        schedules,
        new JobResultResource(reader, config.reportFiles(), deadline),
        new JobItemsResource(reader, batchOutcomes, deadline),
        new JobHistoryResource(new JobHistoryReader(client, reader), deadline),
        new StatsResource(
            new ThroughputStats(
                ThroughputStats.Source.of(client, temporal),
                client.getOptions().getDataConverter(),
                clock),
            deadline),
        new OpenApiResource(mapper),
        new DocsResource(),
        new ConsoleResource());
  }
}
