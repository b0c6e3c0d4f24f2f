package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retry.RetryBudget;
import java.time.Duration;
import java.time.Instant;

/**
 * Send one chunk of a staged batch.
 *
 * @param chunk 0-based
 * @param pass the job's run: 1, then one more per redrive. Items dead-lettered in an earlier pass
 *     are tried again; those dead-lettered in this one (by an earlier attempt) are not.
 * @param maxAttempts the job's retry budget in attempts. In a round ({@code dueBy} set), each
 *     item's own: one the relay still defers on its last attempt is dead-lettered. In older inputs
 *     the chunk's: on its last attempt a recipient the relay still defers is dead-lettered, and 0
 *     means the activity's own retry policy says
 * @param total the job's retry budget in time, each item's own in a round: from the item's first
 *     attempt in the pass; {@link RetryBudget#DEFAULT}'s when absent
 * @param dueBy set by a workflow that retries deferred items itself, in rounds: the workflow's time
 *     as it scheduled this run. Items deferred earlier in the pass are sent only if due by then,
 *     and deferred ones are returned in the result rather than failing the attempt. Null in older
 *     inputs, whose workflows leave deferred items to the activity's retries.
 * @param lastRun no round follows for this chunk in this pass (the workflow's bound on its
 *     history): every item still to send is sent, and one the relay defers again is dead-lettered
 * @param contentHash which of the job's batches to read: the hash its manifest names it by ({@link
 *     BatchName}); null in older requests, whose batch is under the job's stem alone
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChunkRequest(
    JobRef job,
    int chunk,
    int pass,
    int maxAttempts,
    Duration total,
    Instant dueBy,
    boolean lastRun,
    String contentHash) {

  /** As an older workflow asks: deferred items fail the attempt. */
  public ChunkRequest(BatchName batch, int chunk, int pass, int maxAttempts) {
    this(batch.job(), chunk, pass, maxAttempts, null, null, false, batch.contentHash());
  }

  /** As an older workflow asks, of a batch under the job's stem alone. */
  public ChunkRequest(JobRef job, int chunk, int pass, int maxAttempts) {
    this(BatchName.unhashed(job), chunk, pass, maxAttempts);
  }

  /** A run of a chunk of {@code batch} in the workflow's rounds, on the job's {@code budget}. */
  public static ChunkRequest round(
      BatchName batch, int chunk, int pass, RetryBudget budget, Instant dueBy, boolean lastRun) {
    return new ChunkRequest(
        batch.job(),
        chunk,
        pass,
        budget.maxAttempts(),
        budget.total(),
        dueBy,
        lastRun,
        batch.contentHash());
  }

  /** The batch the chunk is of. */
  public BatchName batch() {
    return new BatchName(job, contentHash);
  }

  /** True if the workflow retries deferred items itself, so the result carries them. */
  public boolean inRounds() {
    return dueBy != null;
  }

  /** The job's budget as an item's: its own attempts and total time. */
  public RetryBudget itemBudget() {
    int attempts = maxAttempts > 0 ? maxAttempts : RetryBudget.DEFAULT.maxAttempts();
    return new RetryBudget(attempts, total == null ? RetryBudget.DEFAULT.total() : total);
  }
}
