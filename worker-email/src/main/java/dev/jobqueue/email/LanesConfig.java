package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.runtime.WorkerConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Which lanes a worker-email process serves, and the bulk lane's own limits: the {@code lanes:}
 * group of its YAML. The transactional lane keeps the {@code worker:} limits and the {@code smtp:}
 * pool size, as before there were lanes; the bulk lane gets slots and SMTP connections of its own,
 * so neither lane can take the other's. One process can serve both, or a fleet of each can be run
 * and scaled on its own.
 *
 * @param serve the lanes, comma separated: {@code transactional}, {@code bulk}; default both
 * @param bulk the bulk lane's limits
 * @param minTimeLeft how much of an attempt must be left for a send to start on the wire ({@link
 *     TimeLeft}); default 5 s
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LanesConfig(String serve, Bulk bulk, Duration minTimeLeft) {
  /**
   * The bulk lane's limits; the rest (workflow tasks, virtual threads, shutdown grace, heartbeat
   * throttle) are the {@code worker:} ones.
   *
   * @param maxConcurrentActivities chunks this process runs at once; default 32 (two batches at
   *     their widest, 16 chunks each)
   * @param smtpPoolSize SMTP connections of the bulk lane; default 16, which a chunk's senders
   *     share
   * @param activitiesPerSecond this process's chunk start rate (0: unlimited)
   * @param taskQueueActivitiesPerSecond the whole bulk fleet's chunk start rate (0: unlimited)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Bulk(
      int maxConcurrentActivities,
      int smtpPoolSize,
      double activitiesPerSecond,
      double taskQueueActivitiesPerSecond) {
    public static final Bulk DEFAULT = new Bulk(0, 0, 0, 0);

    public Bulk {
      maxConcurrentActivities = maxConcurrentActivities == 0 ? 32 : maxConcurrentActivities;
      smtpPoolSize = smtpPoolSize == 0 ? SmtpConfig.DEFAULT_POOL_SIZE : smtpPoolSize;
      require(
          maxConcurrentActivities > 0 && maxConcurrentActivities <= 10_000,
          "bulk.maxConcurrentActivities must be in 1..10000: " + maxConcurrentActivities);
      require(smtpPoolSize > 0, "bulk.smtpPoolSize must be positive: " + smtpPoolSize);
      require(activitiesPerSecond >= 0, "bulk.activitiesPerSecond must not be negative");
      require(
          taskQueueActivitiesPerSecond >= 0,
          "bulk.taskQueueActivitiesPerSecond must not be negative");
    }

    /** The bulk lane's worker limits: these, and the rest as the transactional lane's. */
    WorkerConfig worker(WorkerConfig transactional) {
      return new WorkerConfig(
          maxConcurrentActivities,
          transactional.maxConcurrentWorkflowTasks(),
          activitiesPerSecond,
          taskQueueActivitiesPerSecond,
          transactional.virtualThreads(),
          transactional.shutdownGrace(),
          transactional.heartbeatThrottle());
    }
  }

  /** Both lanes, default limits. */
  public static final LanesConfig DEFAULT = new LanesConfig(null, null, null);

  public LanesConfig {
    serve = serve == null || serve.isBlank() ? "transactional,bulk" : serve;
    EmailLane.parse(serve); // fails the config, not the first poll, on a typo
    bulk = bulk == null ? Bulk.DEFAULT : bulk;
    minTimeLeft = minTimeLeft == null ? TimeLeft.DEFAULT_MINIMUM : minTimeLeft;
    require(!minTimeLeft.isNegative(), "minTimeLeft must not be negative: " + minTimeLeft);
  }

  /** The lanes this process serves. */
  public Set<EmailLane> lanes() {
    return EmailLane.parse(serve);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("lanes: " + message);
    }
  }
}
