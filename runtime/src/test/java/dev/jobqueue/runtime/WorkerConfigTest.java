package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  private static WorkerConfig config(int activities, double perSecond, double fleetPerSecond) {
    return new WorkerConfig(activities, 10, perSecond, fleetPerSecond, false, null, null);
  }

  @Test
  void zeroConcurrencyMeansOnePerCore() {
    assertThat(config(0, 0, 0).maxConcurrentActivities())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void limitsReachTheSdkWorkerOptions() {
    var options = config(200, 50, 400).workerOptions();

    assertThat(options.getMaxConcurrentActivityExecutionSize()).isEqualTo(200);
    assertThat(options.getMaxWorkerActivitiesPerSecond()).isEqualTo(50);
    assertThat(options.getMaxTaskQueueActivitiesPerSecond()).isEqualTo(400);
    assertThat(options.getMaxHeartbeatThrottleInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void unlimitedRatesAreLeftUnset() {
    var options = config(10, 0, 0).workerOptions();

    assertThat(options.getMaxWorkerActivitiesPerSecond()).isZero();
    assertThat(options.getMaxTaskQueueActivitiesPerSecond()).isZero();
  }
}
