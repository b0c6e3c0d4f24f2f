package dev.jobqueue.api.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.batch.BatchName;
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

  private static final String HASH = "ab".repeat(32);

  private static StagedBatch staged(String jobId, Duration ago) {
    return new StagedBatch(new BatchName(new JobRef(jobId, "acme"), HASH), NOW.minus(ago));
  }

  /** The jobs' states; each job reads the batch of {@link #HASH}, or one without a hash. */
  private static RetentionSweep sweep(Map<String, JobState> states) {
    return new RetentionSweep(
        batch ->
            batch.contentHash() == null || batch.contentHash().equals(HASH)
                ? states.getOrDefault(batch.job().jobId(), JobState.UNKNOWN)
                : JobState.UNKNOWN,
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
  void removesABatchItsJobDoesNotReadPastTheGraceAndKeepsAnUnhashedOneOfAnOpenJob() {
    var sweep = sweep(Map.of("running", JobState.OPEN));
    var running = new JobRef("running", "acme");
    var refusedLongAgo =
        new StagedBatch(new BatchName(running, "cd".repeat(32)), NOW.minus(Duration.ofHours(2)));
    var refusedJustNow =
        new StagedBatch(new BatchName(running, "cd".repeat(32)), NOW.minus(Duration.ofMinutes(5)));
    var unhashed = new StagedBatch(BatchName.unhashed(running), NOW.minus(Duration.ofDays(3)));

    var removed =
        sweep.batchesToRemove(
            List.of(
                refusedLongAgo, refusedJustNow, unhashed, staged("running", Duration.ofDays(3))));

    assertThat(removed).containsExactly(refusedLongAgo);
  }

  @Test
  void expiresReportsPastTheirRetentionOnly() {
    var sweep = sweep(Map.of());
    assertThat(sweep.reportExpired(NOW.minus(Duration.ofDays(31)))).isTrue();
    assertThat(sweep.reportExpired(NOW.minus(Duration.ofDays(29)))).isFalse();
  }
}
