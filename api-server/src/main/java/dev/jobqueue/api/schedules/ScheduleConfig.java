package dev.jobqueue.api.schedules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * Recurring jobs: the {@code schedules} group of the API's configuration.
 *
 * @param maxPerTenant the most schedules one tenant may have; one more is refused (422)
 * @param minInterval the shortest {@code interval} a schedule may fire at
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleConfig(int maxPerTenant, Duration minInterval) {
  public static final int DEFAULT_MAX_PER_TENANT = 100;
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(1);
  public static final ScheduleConfig DEFAULT =
      new ScheduleConfig(DEFAULT_MAX_PER_TENANT, DEFAULT_MIN_INTERVAL);

  public ScheduleConfig {
    minInterval = minInterval == null ? DEFAULT_MIN_INTERVAL : minInterval;
    if (maxPerTenant < 1 || minInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "schedules: maxPerTenant must be at least 1 and minInterval at least PT1S");
    }
  }
}
