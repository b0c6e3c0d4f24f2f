package dev.jobqueue.api.deadletters;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.MetricTags;
import dev.jobqueue.runtime.TemporalConfig;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of the dead-letter queue, across all tenants: how many jobs of each type are
 * parked ({@code jobqueue_dead_letters_depth{job_type}}) and how long the oldest has waited ({@code
 * jobqueue_dead_letters_oldest_age_seconds{job_type}}), refreshed from visibility every {@code
 * interval}. NaN until the first refresh; a failed refresh is logged and keeps the last values.
 */
public final class DeadLetterGauges implements Managed {
  public static final String DEPTH_METRIC = "jobqueue.dead_letters.depth";
  public static final String OLDEST_AGE_METRIC = "jobqueue.dead_letters.oldest_age";
  static final int SCAN_PAGE_SIZE = 1_000;
  static final int SCAN_MAX_PAGES = 10;

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterGauges.class);

  /** What the gauges of one type show; the gauges hold these weakly, this class strongly. */
  private static final class Reading {
    volatile double depth = Double.NaN;
    volatile double oldestAgeSeconds = Double.NaN;
  }

  private final Visibility visibility;
  private final DeadLetterRecords records;
  private final TemporalDeadline deadline;
  private final Clock clock;
  private final Duration interval;
  private final Map<JobType, Reading> readings = new EnumMap<>(JobType.class);
  private ScheduledExecutorService timer;

  public DeadLetterGauges(
      WorkflowClient client,
      TemporalConfig temporal,
      MeterRegistry registry,
      TemporalDeadline deadline,
      Clock clock,
      Duration interval) {
    this(
        new TemporalVisibility(client, temporal),
        new DeadLetterRecords(client.getOptions().getDataConverter(), temporal),
        registry,
        deadline,
        clock,
        interval);
  }

  DeadLetterGauges(
      Visibility visibility,
      DeadLetterRecords records,
      MeterRegistry registry,
      TemporalDeadline deadline,
      Clock clock,
      Duration interval) {
    if (!interval.isPositive()) {
      throw new IllegalArgumentException(
          "deadLetterGaugeInterval must be positive, not " + interval);
    }
    this.visibility = visibility;
    this.records = records;
    this.deadline = deadline;
    this.clock = clock;
    this.interval = interval;
    for (JobType type : JobType.values()) {
      var reading = new Reading();
      readings.put(type, reading);
      Gauge.builder(DEPTH_METRIC, reading, r -> r.depth)
          .description("Dead letters parked, by job type (all tenants)")
          .tag(MetricTags.JOB_TYPE, type.wireName())
          .register(registry);
      Gauge.builder(OLDEST_AGE_METRIC, reading, r -> r.oldestAgeSeconds)
          .description(
              "Age of the oldest parked dead letter, by job type (all tenants);"
                  + " a lower bound when there are more than the scan reads")
          .baseUnit("seconds")
          .tag(MetricTags.JOB_TYPE, type.wireName())
          .register(registry);
    }
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("dead-letter-gauges").daemon().factory());
    timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Reads every type's depth and oldest age; never throws (a thrown error would end the timer). */
  void refresh() {
    for (var entry : readings.entrySet()) {
      try {
        var filter = new DeadLetterFilter(entry.getKey(), null, null, null);
        long depth = deadline.within(() -> visibility.count(filter.visibilityQuery(null)));
        Instant oldest = depth == 0 ? null : oldest(filter);
        Instant now = clock.instant();
        entry.getValue().depth = depth;
        entry.getValue().oldestAgeSeconds =
            oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
      } catch (RuntimeException e) {
        LOG.warn(
            "could not refresh the {} dead-letter gauges: {}",
            entry.getKey().wireName(),
            e.toString());
      }
    }
  }

  /**
   * The earliest {@code DeadLetteredAt} among the dead letters {@code filter} selects, from at most
   * {@link #SCAN_MAX_PAGES} pages (visibility cannot sort, so there is no asking for the oldest).
   * Each page after the first asks only for dead letters older than any seen so far, so every page
   * gets closer; a page with nothing after it means the answer is exact. When the budget runs out
   * first, the result is the oldest seen: the age it gives is a lower bound.
   */
  Instant oldest(DeadLetterFilter filter) {
    Instant oldest = null;
    var scope = filter;
    for (int page = 0; page < SCAN_MAX_PAGES; page++) {
      String query = scope.visibilityQuery(null);
      var response =
          deadline.within(() -> visibility.list(query, SCAN_PAGE_SIZE, ByteString.EMPTY));
      for (var info : response.getExecutionsList()) {
        Instant at = records.deadLetteredAt(info);
        if (at != null && (oldest == null || at.isBefore(oldest))) {
          oldest = at;
        }
      }
      if (response.getNextPageToken().isEmpty() || oldest == null) {
        return oldest;
      }
      scope = filter.before(oldest);
    }
    return oldest;
  }
}
