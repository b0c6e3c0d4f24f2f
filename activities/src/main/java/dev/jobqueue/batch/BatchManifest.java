package dev.jobqueue.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;

/**
 * What the batch store holds for one job: small enough to be the workflow's input, where the items
 * themselves are not.
 *
 * @param items how many items; indexes run from 0 to {@code items - 1}
 * @param chunkSize items per chunk; chunk {@code c} holds indexes {@code [c * chunkSize, (c + 1) *
 *     chunkSize)}
 * @param chunks how many chunks, numbered from 0
 * @param template the message of a templated batch; null when every item carries its own
 * @param contentHash the hash the batch is named by in the store ({@link BatchName}); null in
 *     manifests from before batches were named by content, whose batch is under the job's stem
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchManifest(
    JobRef job,
    int items,
    int chunkSize,
    int chunks,
    MessageTemplate template,
    String contentHash) {
  public BatchManifest {
    if (items < 0 || chunkSize < 1 || chunks != (items + chunkSize - 1) / chunkSize) {
      throw new IllegalArgumentException(
          "inconsistent manifest: %d items, %d per chunk, %d chunks"
              .formatted(items, chunkSize, chunks));
    }
  }

  /** A manifest as they were before batches were named by content. */
  public BatchManifest(JobRef job, int items, int chunkSize, int chunks, MessageTemplate template) {
    this(job, items, chunkSize, chunks, template, null);
  }

  /** The manifest of a batch staged under {@code name}. */
  public static BatchManifest of(
      BatchName name, int items, int chunkSize, MessageTemplate template) {
    return new BatchManifest(
        name.job(),
        items,
        chunkSize,
        (items + chunkSize - 1) / chunkSize,
        template,
        name.contentHash());
  }

  /** The manifest of a batch under the job's stem alone, as staged before batches had hashes. */
  public static BatchManifest of(JobRef job, int items, int chunkSize, MessageTemplate template) {
    return of(BatchName.unhashed(job), items, chunkSize, template);
  }

  /** Where the batch is in the store. */
  public BatchName name() {
    return new BatchName(job, contentHash);
  }

  /** How many items chunk {@code chunk} holds: {@code chunkSize}, except perhaps the last. */
  public int itemsIn(int chunk) {
    return Math.min(chunkSize, items - chunk * chunkSize);
  }

  /** The chunk item {@code index} is in. */
  public int chunkOf(int index) {
    return index / chunkSize;
  }
}
