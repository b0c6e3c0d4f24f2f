package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.temporal.worker.WorkerOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * How much one worker process takes on. Sized per workload in each worker's YAML: an I/O-bound
 * fleet runs hundreds of activities at once on virtual threads, a CPU-bound one about one per core.
 * Durations are ISO-8601 ({@code PT30S}). A job's retry budget is not the fleet's: it travels in
 * the job's input.
 *
 * @param maxConcurrentActivities activities this process runs at once (0: one per core)
 * @param maxConcurrentWorkflowTasks workflow tasks this process runs at once
 * @param activitiesPerSecond this process's activity start rate (0: unlimited)
 * @param taskQueueActivitiesPerSecond the whole fleet's activity start rate on its task queue,
 *     enforced by the server (0: unlimited)
 * @param virtualThreads run activities on virtual threads (for I/O-bound work)
 * @param shutdownGrace on SIGTERM, how long in-flight activities get to finish
 * @param heartbeatThrottle at most this long between heartbeats reaching the server, which is also
 *     how long a cancellation may take to reach a running activity
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerConfig(
    @Min(0) @Max(10_000) int maxConcurrentActivities,
    @Min(1) @Max(1_000) int maxConcurrentWorkflowTasks,
    @PositiveOrZero double activitiesPerSecond,
    @PositiveOrZero double taskQueueActivitiesPerSecond,
    boolean virtualThreads,
    Duration shutdownGrace,
    Duration heartbeatThrottle) {

  public WorkerConfig {
    maxConcurrentActivities =
        maxConcurrentActivities == 0
            ? Runtime.getRuntime().availableProcessors()
            : maxConcurrentActivities;
    shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
    heartbeatThrottle = heartbeatThrottle == null ? Duration.ofSeconds(5) : heartbeatThrottle;
  }

  /** The options of a worker with these limits. */
  public WorkerOptions workerOptions() {
    var options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
            .setMaxConcurrentWorkflowTaskExecutionSize(maxConcurrentWorkflowTasks)
            .setUsingVirtualThreadsOnActivityWorker(virtualThreads)
            .setMaxHeartbeatThrottleInterval(heartbeatThrottle)
            .setDefaultHeartbeatThrottleInterval(heartbeatThrottle)
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
}
