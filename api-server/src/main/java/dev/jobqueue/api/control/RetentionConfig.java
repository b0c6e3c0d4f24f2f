package dev.jobqueue.api.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * The retention sweep: the {@code retention} group of the API's configuration.
 *
 * @param sweepInterval how often the sweep's schedule fires
 * @param stagingGrace how old a staged batch of a job Temporal does not know must be before it is
 *     removed, so that a submission between staging and starting its job is never swept
 * @param reportRetention how long a finished report stays in the report store
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionConfig(
    Duration sweepInterval, Duration stagingGrace, Duration reportRetention) {
  public static final RetentionConfig DEFAULT =
      new RetentionConfig(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));

  public RetentionConfig {
    sweepInterval = sweepInterval == null ? Duration.ofHours(1) : sweepInterval;
    stagingGrace = stagingGrace == null ? Duration.ofHours(1) : stagingGrace;
    reportRetention = reportRetention == null ? Duration.ofDays(30) : reportRetention;
    if (sweepInterval.isNegative()
        || sweepInterval.isZero()
        || stagingGrace.isNegative()
        || reportRetention.isNegative()) {
      throw new IllegalArgumentException(
          "retention: sweepInterval must be positive, stagingGrace and reportRetention not"
              + " negative");
    }
  }
}
