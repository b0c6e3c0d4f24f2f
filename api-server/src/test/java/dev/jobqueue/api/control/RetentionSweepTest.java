package dev.jobqueue.api.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.StagedBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionSweepTest {
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private static StagedBatch staged(String jobId, Duration ago) {
    return new StagedBatch(new JobRef(jobId, "acme"), NOW.minus(ago));
  }

  private static RetentionSweep sweep(Map<String, JobState> states) {
    return new RetentionSweep(
        job -> states.getOrDefault(job.jobId(), JobState.UNKNOWN),
        Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofHours(1),
        Duration.ofDays(30));
  }

  @Test
  void removesTheBatchesOfDiscardedJobsAndOfJobsTemporalDoesNotKnowPastTheGrace() {
    var sweep =
        sweep(
            Map.of(
                "discarded", JobState.DISCARDED,
                "running", JobState.OPEN,
                "succeeded", JobState.ENDED));
    var stale = staged("never-started", Duration.ofHours(2));
    var discarded = staged("discarded", Duration.ofMinutes(1));

    var removed =
        sweep.batchesToRemove(
            List.of(
                stale,
                staged("being-submitted", Duration.ofMinutes(59)),
                discarded,
                staged("running", Duration.ofDays(3)),
                staged("succeeded", Duration.ofDays(3))));

    assertThat(removed).containsExactly(stale, discarded);
  }

  @Test
  void expiresReportsPastTheirRetentionOnly() {
    var sweep = sweep(Map.of());
    assertThat(sweep.reportExpired(NOW.minus(Duration.ofDays(31)))).isTrue();
    assertThat(sweep.reportExpired(NOW.minus(Duration.ofDays(29)))).isFalse();
  }
}
