package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an {@code email-batch} into the batch store before its job starts: the workflow's input is
 * the manifest, and the email fleet reads the items from the store, so that 100,000 recipients
 * never pass through Temporal. A store that cannot be written is a 503, and no job is started.
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

  /** True if a batch is staged under {@code job} already (a retry of its submission). */
  public boolean isStaged(JobRef job) {
    try {
      return manifest(job) != null;
    } catch (IOException e) {
      throw unavailable(job, e);
    }
  }

  /**
   * The manifest of {@code batch}, staged under {@code job}. Staged once: a batch already there
   * with the same items (a retry whose first try staged it and then failed to start the job) is the
   * one used. One with other items was staged for a request that never started a job (so no client
   * was told of it) under the same Idempotency-Key, and is replaced.
   */
  public BatchManifest stage(JobRef job, BatchInput batch) {
    try {
      BatchManifest existing = manifest(job);
      if (existing != null) {
        if (holds(job, existing, batch)) {
          return existing;
        }
        store.delete(job);
      }
      return store.stage(
          job, batch.template(), batch.items().iterator(), chunkSize(batch.items().size()));
    } catch (IOException e) {
      throw unavailable(job, e);
    }
  }

  private int chunkSize(int items) {
    int fewestPerChunk = (items + BatchLimits.MAX_CHUNKS - 1) / BatchLimits.MAX_CHUNKS;
    return Math.min(BatchLimits.MAX_CHUNK_SIZE, Math.max(chunkSize, fewestPerChunk));
  }

  private BatchManifest manifest(JobRef job) throws IOException {
    try {
      return store.manifest(job);
    } catch (FileNotFoundException | NoSuchFileException e) {
      return null;
    }
  }

  /** True if the staged batch is {@code batch}, item for item. */
  private boolean holds(JobRef job, BatchManifest staged, BatchInput batch) throws IOException {
    List<BatchItem> items = batch.items();
    if (staged.items() != items.size() || !Objects.equals(staged.template(), batch.template())) {
      return false;
    }
    for (int chunk = 0; chunk < staged.chunks(); chunk++) {
      int from = chunk * staged.chunkSize();
      if (!store.readChunk(job, chunk).equals(items.subList(from, from + staged.itemsIn(chunk)))) {
        return false;
      }
    }
    return true;
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
