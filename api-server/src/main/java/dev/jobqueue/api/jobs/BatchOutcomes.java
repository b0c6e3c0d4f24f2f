package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.BitSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of a batch's items, from the outcome files the email fleet appends to in the batch
 * store: never from asking a worker, so it answers while none runs.
 */
public final class BatchOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(BatchOutcomes.class);

  private final BatchStore store;

  public BatchOutcomes(BatchStore store) {
    this.store = store;
  }

  /**
   * Items with a final outcome (accepted or dead-lettered) of all items; a deferred one waits for
   * another attempt and is not done. Null if the batch cannot be read, since a status document must
   * answer regardless. Reads every outcome file: a line per finished item, a few MB for the largest
   * batch.
   */
  public Progress progress(BatchName batch) {
    try {
      var manifest = store.manifest(batch);
      var done = new BitSet(manifest.items());
      for (int chunk = 0; chunk < manifest.chunks(); chunk++) {
        for (ItemOutcome outcome : store.outcomeLog(batch, chunk)) {
          if ((ItemOutcome.ACCEPTED.equals(outcome.status())
                  || ItemOutcome.DEAD_LETTERED.equals(outcome.status()))
              && outcome.index() >= 0
              && outcome.index() < manifest.items()) {
            done.set(outcome.index());
          }
        }
      }
      return new Progress(done.cardinality(), manifest.items());
    } catch (IOException e) {
      LOG.warn("batch store: cannot read the progress of {}", batch.job().workflowId(), e);
      return null;
    }
  }

  /**
   * One page of the job's items from {@code batch}, the job's own, or 410 if it has left the store,
   * 503 if the store fails.
   */
  public BatchItemPage page(BatchItemQuery query, BatchName batch) {
    JobRef job = query.job();
    List<ItemOutcome> found;
    try {
      // one more than the page, to know whether another follows
      found = store.outcomes(batch, query.status(), query.afterIndex(), query.pageSize() + 1);
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw ApiProblem.of(
          410,
          "batch-gone",
          "The batch is not in the store",
          "job "
              + job.jobId()
              + " is an email-batch, but its batch is no longer in the batch store");
    } catch (IOException e) {
      LOG.warn("batch store: cannot read the items of {}", job.workflowId(), e);
      throw ApiProblem.retryLater(
          503,
          "batch-store-unavailable",
          "Service unavailable",
          "the batch store could not be read; retry later",
          BatchStaging.RETRY_AFTER_SECONDS);
    }
    boolean more = found.size() > query.pageSize();
    var items =
        found.subList(0, Math.min(found.size(), query.pageSize())).stream()
            .map(BatchItemView::of)
            .toList();
    return new BatchItemPage(items, more ? query.nextPageToken(items.getLast().index()) : null);
  }
}
