package dev.jobqueue.runtime;

import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much work waits on each task queue, from Temporal's own statistics (DescribeTaskQueue with
 * {@code report_stats}): {@code jobqueue_task_queue_backlog{task_queue,task_type}}, {@code
 * jobqueue_task_queue_backlog_age_seconds}, and the rates tasks are added and dispatched at. The
 * signal to scale a fleet on, and to alert on: it counts work no worker has taken yet, which no
 * worker's own metrics can see.
 *
 * <p>Read on a timer of its own every {@code interval}, never on the scrape thread. NaN until the
 * first read; a failed read is logged at debug, counted in {@code
 * jobqueue_task_queue_stats_failures_total}, and keeps the last values. The statistics are the
 * server's, for the whole queue, so one process per deployment reading them is enough.
 */
public final class TaskQueueBacklog implements Managed {
  public static final String BACKLOG_METRIC = "jobqueue.task_queue.backlog";
  public static final String BACKLOG_AGE_METRIC = "jobqueue.task_queue.backlog_age";
  public static final String ADD_RATE_METRIC = "jobqueue.task_queue.tasks_add_rate";
  public static final String DISPATCH_RATE_METRIC = "jobqueue.task_queue.tasks_dispatch_rate";
  public static final String FAILURES_METRIC = "jobqueue.task_queue.stats_failures";

  private static final List<TaskQueueType> TYPES =
      List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
  private static final Logger LOG = LoggerFactory.getLogger(TaskQueueBacklog.class);

  /** One DescribeTaskQueue call; a seam for tests, the service stub in production. */
  @FunctionalInterface
  interface Describe {
    DescribeTaskQueueResponse call(DescribeTaskQueueRequest request);
  }

  /** What the gauges of one queue and type show; the gauges hold these weakly, this class not. */
  private static final class Reading {
    final DescribeTaskQueueRequest request;
    volatile double backlog = Double.NaN;
    volatile double ageSeconds = Double.NaN;
    volatile double addRate = Double.NaN;
    volatile double dispatchRate = Double.NaN;

    Reading(DescribeTaskQueueRequest request) {
      this.request = request;
    }
  }

  private final Describe describe;
  private final Duration interval;
  private final List<Reading> readings = new ArrayList<>();
  private final Counter failures;
  private ScheduledExecutorService timer;

  /**
   * Reads {@code taskQueues} of {@code namespace} every {@code interval}, each call within {@code
   * timeout}; an interval of zero turns the gauges off (none is registered).
   */
  public TaskQueueBacklog(
      WorkflowServiceStubs stubs,
      String namespace,
      List<String> taskQueues,
      MeterRegistry registry,
      Duration interval,
      Duration timeout) {
    this(
        request ->
            stubs
                .blockingStub()
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .describeTaskQueue(request),
        namespace,
        taskQueues,
        registry,
        interval);
  }

  TaskQueueBacklog(
      Describe describe,
      String namespace,
      List<String> taskQueues,
      MeterRegistry registry,
      Duration interval) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("backlogPollInterval must not be negative: " + interval);
    }
    this.describe = describe;
    this.interval = interval;
    if (interval.isZero()) {
      this.failures = null;
      return;
    }
    this.failures =
        Counter.builder(FAILURES_METRIC)
            .description("Task-queue statistics reads that failed (the gauges kept their values)")
            .register(registry);
    for (String queue : taskQueues) {
      for (TaskQueueType type : TYPES) {
        var reading =
            new Reading(
                DescribeTaskQueueRequest.newBuilder()
                    .setNamespace(namespace)
                    .setTaskQueue(
                        TaskQueue.newBuilder()
                            .setName(queue)
                            .setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
                    .setTaskQueueType(type)
                    .setReportStats(true)
                    .build());
        readings.add(reading);
        String typeName = typeName(type);
        gauge(BACKLOG_METRIC, reading, r -> r.backlog, queue, typeName, null)
            .description("Tasks waiting for a worker (approximate), by task queue and task type")
            .register(registry);
        gauge(BACKLOG_AGE_METRIC, reading, r -> r.ageSeconds, queue, typeName, "seconds")
            .description("How long the oldest waiting task has waited (0: none waits)")
            .register(registry);
        gauge(ADD_RATE_METRIC, reading, r -> r.addRate, queue, typeName, null)
            .description("Tasks added per second (approximate, over the last 30 seconds)")
            .register(registry);
        gauge(DISPATCH_RATE_METRIC, reading, r -> r.dispatchRate, queue, typeName, null)
            .description("Tasks handed to workers per second (approximate, last 30 seconds)")
            .register(registry);
      }
    }
  }

  private static Gauge.Builder<Reading> gauge(
      String name,
      Reading reading,
      java.util.function.ToDoubleFunction<Reading> value,
      String queue,
      String type,
      String unit) {
    var builder =
        Gauge.builder(name, reading, value).tag("task_queue", queue).tag("task_type", type);
    return unit == null ? builder : builder.baseUnit(unit);
  }

  /** {@code workflow} or {@code activity}. */
  static String typeName(TaskQueueType type) {
    return type.name().substring("TASK_QUEUE_TYPE_".length()).toLowerCase(Locale.ROOT);
  }

  @Override
  public void start() {
    if (readings.isEmpty()) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("task-queue-backlog").daemon().factory());
    timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Reads every queue and type; never throws (a thrown error would end the timer). */
  void refresh() {
    for (Reading reading : readings) {
      try {
        TaskQueueStats stats = describe.call(reading.request).getStats();
        reading.backlog = stats.getApproximateBacklogCount();
        reading.ageSeconds =
            stats.getApproximateBacklogAge().getSeconds()
                + stats.getApproximateBacklogAge().getNanos() / 1e9;
        reading.addRate = stats.getTasksAddRate();
        reading.dispatchRate = stats.getTasksDispatchRate();
      } catch (RuntimeException e) {
        failures.increment();
        LOG.debug(
            "could not read the statistics of task queue {} ({}): {}",
            reading.request.getTaskQueue().getName(),
            typeName(reading.request.getTaskQueueType()),
            e.toString());
      }
    }
  }
}
