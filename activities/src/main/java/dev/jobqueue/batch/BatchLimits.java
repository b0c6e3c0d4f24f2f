package dev.jobqueue.batch;

/** How big an {@code email-batch} job may be. The API and the batch store both check these. */
public final class BatchLimits {
  /** Recipients of one templated message. */
  public static final int MAX_TEMPLATED_ITEMS = 100_000;

  /** Distinct messages in one batch. */
  public static final int MAX_DISTINCT_ITEMS = 10_000;

  public static final int DEFAULT_CHUNK_SIZE = 1_000;

  /** One chunk is one activity attempt's work: minutes at worst, seconds usually. */
  public static final int MAX_CHUNK_SIZE = 10_000;

  /**
   * Each chunk run costs its workflow a handful of history events, and a workflow's history holds
   * at most 51,200 events; this keeps a batch inside it even when chunks run again for their
   * deferred items, which the batch workflow bounds per pass (its {@code RetryRounds}).
   */
  public static final int MAX_CHUNKS = 1_000;

  private BatchLimits() {}

  /** The most items a batch of this mode may hold. */
  public static int maxItems(boolean templated) {
    return templated ? MAX_TEMPLATED_ITEMS : MAX_DISTINCT_ITEMS;
  }
}
