package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse.Builder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backlog gauges, read from a stand-in for DescribeTaskQueue (the in-memory test server has no
 * task-queue statistics; the real server's are read in the system tests).
 */
class TaskQueueBacklogTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<DescribeTaskQueueRequest> asked = new ArrayList<>();
  private RuntimeException failure;

  /** Backlog 10 per character of the queue name, more for activities; age in seconds alike. */
  private DescribeTaskQueueResponse describe(DescribeTaskQueueRequest request) {
    asked.add(request);
    if (failure != null) {
      throw failure;
    }
    int base = request.getTaskQueue().getName().length() * 10;
    int backlog =
        request.getTaskQueueType() == TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY ? base + 1 : base;
    Builder response = DescribeTaskQueueResponse.newBuilder();
    response.setStats(
        TaskQueueStats.newBuilder()
            .setApproximateBacklogCount(backlog)
            .setApproximateBacklogAge(
                com.google.protobuf.Duration.newBuilder().setSeconds(backlog).setNanos(500_000_000))
            .setTasksAddRate(2.5f)
            .setTasksDispatchRate(1.5f));
    return response.build();
  }

  private TaskQueueBacklog backlog(Duration interval) {
    return new TaskQueueBacklog(
        this::describe, "default", List.of("email", "pdf"), registry, interval);
  }

  private double gauge(String name, String queue, String type) {
    return registry.get(name).tag("task_queue", queue).tag("task_type", type).gauge().value();
  }

  @Test
  void readsEveryQueueAndTaskTypeWithStatistics() {
    var backlog = backlog(Duration.ofSeconds(15));

    backlog.refresh();

    assertThat(asked).hasSize(4).allSatisfy(r -> assertThat(r.getReportStats()).isTrue());
    assertThat(asked)
        .extracting(r -> r.getTaskQueue().getName() + ":" + r.getTaskQueueType())
        .containsExactly(
            "email:TASK_QUEUE_TYPE_WORKFLOW",
            "email:TASK_QUEUE_TYPE_ACTIVITY",
            "pdf:TASK_QUEUE_TYPE_WORKFLOW",
            "pdf:TASK_QUEUE_TYPE_ACTIVITY");
    assertThat(gauge(TaskQueueBacklog.BACKLOG_METRIC, "email", "workflow")).isEqualTo(50);
    assertThat(gauge(TaskQueueBacklog.BACKLOG_METRIC, "email", "activity")).isEqualTo(51);
    assertThat(gauge(TaskQueueBacklog.BACKLOG_AGE_METRIC, "pdf", "activity")).isEqualTo(31.5);
    assertThat(gauge(TaskQueueBacklog.ADD_RATE_METRIC, "pdf", "workflow")).isEqualTo(2.5);
    assertThat(gauge(TaskQueueBacklog.DISPATCH_RATE_METRIC, "pdf", "workflow")).isEqualTo(1.5);
  }

  @Test
  void showsNothingBeforeTheFirstRead() {
    backlog(Duration.ofSeconds(15));

    assertThat(gauge(TaskQueueBacklog.BACKLOG_METRIC, "email", "workflow")).isNaN();
  }

  @Test
  void failedReadKeepsTheLastValuesAndIsCounted() {
    var backlog = backlog(Duration.ofSeconds(15));
    backlog.refresh();

    failure = new IllegalStateException("UNAVAILABLE: connection refused");
    backlog.refresh();

    assertThat(gauge(TaskQueueBacklog.BACKLOG_METRIC, "email", "activity")).isEqualTo(51);
    assertThat(registry.get(TaskQueueBacklog.FAILURES_METRIC).counter().count()).isEqualTo(4);
  }

  @Test
  void zeroIntervalRegistersNoGaugeAndAsksNothing() {
    var backlog = backlog(Duration.ZERO);

    backlog.start();
    backlog.stop();

    assertThat(registry.find(TaskQueueBacklog.BACKLOG_METRIC).gauges()).isEmpty();
    assertThat(asked).isEmpty();
  }
}
