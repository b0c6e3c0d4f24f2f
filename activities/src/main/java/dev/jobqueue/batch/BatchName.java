package dev.jobqueue.batch;

import dev.jobqueue.job.JobRef;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A staged batch's name in the batch store: the job's file stem, then the hash of the request the
 * batch was staged for. Named by its content, one request's batch is never another's: two requests
 * under one Idempotency-Key stage side by side, and the job reads the batch of the request that
 * started it, whichever staged last.
 *
 * @param job whose batch it is
 * @param contentHash the hex SHA-256 of the request it was staged for; null for a batch staged
 *     before batches were named by content, which is under the job's stem alone
 */
public record BatchName(JobRef job, String contentHash) {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  public BatchName {
    Objects.requireNonNull(job, "job");
    if (contentHash != null && !HASH.matcher(contentHash).matches()) {
      throw new IllegalArgumentException("not a hex SHA-256: " + contentHash);
    }
  }

  /** The name of a batch staged before batches were named by content. */
  public static BatchName unhashed(JobRef job) {
    return new BatchName(job, null);
  }

  /**
   * The batch's directory in the store. The stem ends in 16 hex digits and the hash has 64, so no
   * batch's name is another's, of either layout.
   */
  public String fileName() {
    return contentHash == null ? job.fileStem() : job.fileStem() + "_" + contentHash;
  }
}
