package dev.jobqueue.api.control;

import dev.jobqueue.batch.BatchName;
import dev.jobqueue.store.StagedBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Which files no job needs any more: the decisions of the retention sweep, apart from the files
 * themselves so that they can be tested on their own.
 *
 * <ul>
 *   <li>a staged batch of a job that ended DISCARDED: its recipients and outcomes go at once;
 *   <li>one of a job Temporal does not know (never started, or forgotten past the namespace's
 *       retention), or one that its job does not read (staged by a request under the same id whose
 *       start was refused, or that never came to start): once older than the staging grace, so that
 *       a submission between staging its batch and starting its job is left alone;
 *   <li>one of an open job, or of a job that ended otherwise while Temporal still has it (its items
 *       are still served by the API): kept;
 *   <li>a report file older than the report retention.
 * </ul>
 */
public final class RetentionSweep {
  private final Function<BatchName, JobState> jobs;
  private final Clock clock;
  private final Duration stagingGrace;
  private final Duration reportRetention;

  /**
   * @param jobs the state of the job that reads a batch: {@link JobState#UNKNOWN} if no job does
   */
  public RetentionSweep(
      Function<BatchName, JobState> jobs,
      Clock clock,
      Duration stagingGrace,
      Duration reportRetention) {
    this.jobs = jobs;
    this.clock = clock;
    this.stagingGrace = stagingGrace;
    this.reportRetention = reportRetention;
  }

  /** The staged batches to remove. */
  public List<StagedBatch> batchesToRemove(List<StagedBatch> staged) {
    Instant now = clock.instant();
    return staged.stream().filter(batch -> removable(batch, now)).toList();
  }

  private boolean removable(StagedBatch batch, Instant now) {
    return switch (jobs.apply(batch.name())) {
      case DISCARDED -> true;
      case UNKNOWN -> batch.stagedAt().plus(stagingGrace).isBefore(now);
      case OPEN, ENDED -> false;
    };
  }

  /** True if a report file last written at {@code writtenAt} is past its retention. */
  public boolean reportExpired(Instant writtenAt) {
    return writtenAt.plus(reportRetention).isBefore(clock.instant());
  }
}
