package dev.jobqueue.job;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * Product metrics recorded from workflow code. The SDK's workflow scope drops them during replay,
 * so each event counts once; they reach Prometheus through the worker's registry.
 */
public final class JobMetrics {
  private final String type;
  private final String tenant;

  public JobMetrics(JobType type, String tenant) {
    this.type = type.wireName();
    this.tenant = tenant;
  }

  private Scope scope(Map<String, String> extra) {
    var tags = new java.util.HashMap<>(extra);
    tags.put(MetricTags.JOB_TYPE, type);
    tags.put(MetricTags.TENANT, tenant);
    return Workflow.getMetricsScope().tagged(tags);
  }

  public void succeeded(Duration duration) {
    scope(Map.of()).counter("jobqueue_jobs_succeeded").inc(1);
    Workflow.getMetricsScope()
        .tagged(Map.of(MetricTags.JOB_TYPE, type))
        .timer("jobqueue_job_duration")
        .record(com.uber.m3.util.Duration.ofMillis(duration.toMillis()));
  }

  public void deadLettered(String errorType) {
    scope(Map.of(MetricTags.ERROR_TYPE, errorType)).counter("jobqueue_jobs_dead_lettered").inc(1);
  }

  void redriven(String errorType) {
    scope(Map.of(MetricTags.ERROR_TYPE, errorType)).counter("jobqueue_jobs_redriven").inc(1);
  }

  /** {@code why}: discarded by an operator, expired after retention, or cancelled. */
  void discarded(String why) {
    scope(Map.of("reason", why)).counter("jobqueue_dead_letters_discarded").inc(1);
  }
}
