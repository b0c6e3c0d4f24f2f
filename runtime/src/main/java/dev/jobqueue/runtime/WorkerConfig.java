package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.dropwizard.util.Duration;
import io.temporal.activity.ActivityOptions;
import io.temporal.worker.WorkerOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * How much one worker process takes on. Sized per workload in each worker's YAML: an I/O-bound
 * fleet runs hundreds of activities at once on virtual threads, a CPU-bound one about one per core.
 *
 * @param maxConcurrentActivities activities this process runs at once
 * @param maxConcurrentWorkflowTasks workflow tasks this process runs at once
 * @param activitiesPerSecond this process's activity start rate (0: unlimited)
 * @param taskQueueActivitiesPerSecond the whole fleet's activity start rate on its task queue,
 *     enforced by the server (0: unlimited)
 * @param virtualThreads run activities on virtual threads (for I/O-bound work)
 * @param shutdownGrace on SIGTERM, how long in-flight activities get to finish
 * @param maxAttempts attempts before a job's activity is given up (the retry budget)
 * @param retryBudget total time an activity may take across all its attempts
 * @param heartbeatThrottle at most this long between heartbeats reaching the server, which is
 *     also how long a cancellation may take to reach a running activity
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerConfig(
    @Min(1) @Max(10_000) int maxConcurrentActivities,
    @Min(1) @Max(1_000) int maxConcurrentWorkflowTasks,
    @PositiveOrZero double activitiesPerSecond,
    @PositiveOrZero double taskQueueActivitiesPerSecond,
    boolean virtualThreads,
    Duration shutdownGrace,
    @Min(1) @Max(1_000) int maxAttempts,
    Duration retryBudget,
    Duration heartbeatThrottle) {

  public WorkerConfig {
    shutdownGrace = shutdownGrace == null ? Duration.seconds(30) : shutdownGrace;
    retryBudget = retryBudget == null ? Duration.hours(24) : retryBudget;
    heartbeatThrottle = heartbeatThrottle == null ? Duration.seconds(5) : heartbeatThrottle;
  }

  WorkerOptions workerOptions() {
    var options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
            .setMaxConcurrentWorkflowTaskExecutionSize(maxConcurrentWorkflowTasks)
            .setUsingVirtualThreadsOnActivityWorker(virtualThreads)
            .setMaxHeartbeatThrottleInterval(heartbeatThrottle.toJavaDuration())
            .setDefaultHeartbeatThrottleInterval(heartbeatThrottle.toJavaDuration())
            // in-flight activities keep heartbeating (and so keep their checkpoints) while we drain
            .setAllowActivityHeartbeatDuringShutdown(true);
    if (activitiesPerSecond > 0) {
      options.setMaxWorkerActivitiesPerSecond(activitiesPerSecond);
    }
    if (taskQueueActivitiesPerSecond > 0) {
      options.setMaxTaskQueueActivitiesPerSecond(taskQueueActivitiesPerSecond);
    }
    return options.build();
  }

  /** {@code declared} with this fleet's retry budget in place of the declared one. */
  public ActivityOptions withRetryBudget(ActivityOptions declared) {
    var retry =
        declared.getRetryOptions().toBuilder().setMaximumAttempts(maxAttempts).build();
    return ActivityOptions.newBuilder(declared)
        .setRetryOptions(retry)
        .setScheduleToCloseTimeout(retryBudget.toJavaDuration())
        .build();
  }
}
