package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an {@code email-batch} into the batch store before its job starts: the workflow's input is
 * the manifest, and the email fleet reads the items from the store, so that 100,000 recipients
 * never pass through Temporal. A store that cannot be written is a 503, and no job is started.
 *
 * <p>A batch is named by its job and its request's hash ({@link BatchName}), and the workflow's
 * input names it: two requests under one Idempotency-Key with different batches stage side by side,
 * neither touches the other's, and the job sends the batch of the request that started it.
 */
public final class BatchStaging {
  private static final Logger LOG = LoggerFactory.getLogger(BatchStaging.class);

  /**
   * A full disk or a lost mount is an operator's matter: minutes, usually; ask for a short wait.
   */
  static final long RETRY_AFTER_SECONDS = 5;

  private final BatchStore store;
  private final int chunkSize;

  /**
   * @param chunkSize items per chunk (one activity each), raised for a batch that would otherwise
   *     need more than {@link BatchLimits#MAX_CHUNKS} chunks
   */
  public BatchStaging(BatchStore store, int chunkSize) {
    this.store = store;
    this.chunkSize = chunkSize;
  }

  /**
   * The name {@code submission}'s batch is staged under for {@code job}: the request's hash, which
   * covers every item and the template, is the content's. The job's memo keeps it too.
   */
  public static BatchName nameOf(JobRef job, Submission submission) {
    return new BatchName(job, submission.requestHash());
  }

  /**
   * Stages {@code submission}'s batch for {@code job}. Staged once: a batch already under its name
   * (a retry whose first try staged it and then did not start the job, or the same request at once
   * on another instance) holds the same items, and is the one used.
   */
  public BatchStore.Staged stage(JobRef job, Submission submission, BatchInput batch) {
    try {
      return store.stage(
          nameOf(job, submission),
          batch.template(),
          batch.items().iterator(),
          chunkSize(batch.items().size()));
    } catch (IOException e) {
      throw unavailable(job, e);
    }
  }

  /**
   * Removes a batch this request staged for a job that Temporal refused to start because the id
   * names another request's job: nothing will ever read it. One that was there before this request
   * came is left alone, and so is a failure to remove it: the retention sweep removes what no job
   * reads.
   */
  public void discard(BatchStore.Staged staged) {
    if (!staged.created()) {
      return;
    }
    var name = staged.manifest().name();
    try {
      store.delete(name);
    } catch (IOException e) {
      LOG.warn("batch store: cannot remove {}, staged for a refused start", name.fileName(), e);
    }
  }

  private int chunkSize(int items) {
    int fewestPerChunk = (items + BatchLimits.MAX_CHUNKS - 1) / BatchLimits.MAX_CHUNKS;
    return Math.min(BatchLimits.MAX_CHUNK_SIZE, Math.max(chunkSize, fewestPerChunk));
  }

  private static ApiProblem unavailable(JobRef job, IOException e) {
    LOG.warn("batch store: cannot stage the batch of {}", job.workflowId(), e);
    return ApiProblem.retryLater(
        503,
        "batch-store-unavailable",
        "Service unavailable",
        "the batch could not be written to the batch store, and no job was started."
            + " Retry later (with the same Idempotency-Key).",
        RETRY_AFTER_SECONDS);
  }
}
