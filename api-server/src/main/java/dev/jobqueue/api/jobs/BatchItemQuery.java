package dev.jobqueue.api.jobs;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.JobRef;
import java.nio.ByteBuffer;

/**
 * {@code GET /v1/jobs/{jobId}/items}'s parameters, checked. The page token says after which item
 * the last page ended, behind a check digest bound to the tenant, the job and the status filter,
 * like the job list's.
 *
 * @param status the outcome status to list ({@link ItemOutcome}'s names); null for all
 * @param afterIndex the last item of the previous page; -1 for the first page
 */
public record BatchItemQuery(JobRef job, String status, int pageSize, int afterIndex) {
  public static final int DEFAULT_PAGE_SIZE = 100;
  public static final int MAX_PAGE_SIZE = 1_000;

  /**
   * The filter's name for items the relay refused for good; {@code dead_lettered} is its synonym.
   */
  public static final String FAILED = "failed";

  /** The query from the raw parameters, or 400 naming each one that is wrong. */
  public static BatchItemQuery parse(JobRef job, String status, String pageSize, String pageToken) {
    var v = new Violations();
    String outcome = null;
    if (status != null) {
      outcome =
          switch (status) {
            case ItemOutcome.ACCEPTED,
                ItemOutcome.PENDING,
                ItemOutcome.DEFERRED,
                ItemOutcome.DEAD_LETTERED ->
                status;
            case FAILED -> ItemOutcome.DEAD_LETTERED;
            default -> null;
          };
      v.check(
          outcome != null,
          "status",
          "must be accepted, failed (or its synonym dead_lettered), deferred or pending");
    }
    int size = DEFAULT_PAGE_SIZE;
    if (pageSize != null) {
      size = pageSize.matches("[0-9]{1,4}") ? Integer.parseInt(pageSize) : -1;
      v.check(
          size >= 1 && size <= MAX_PAGE_SIZE,
          "pageSize",
          "must be an integer from 1 to " + MAX_PAGE_SIZE);
    }
    v.throwIfAny();
    var query = new BatchItemQuery(job, outcome, size, -1);
    if (pageToken == null) {
      return query;
    }
    ByteString token = PageTokens.unwrap(query.scope(), pageToken);
    if (token == null
        || token.size() != Integer.BYTES
        || token.asReadOnlyByteBuffer().getInt() < 0) {
      throw ApiProblem.invalid(
          "pageToken", "must be the nextPageToken of an earlier page of this list");
    }
    return new BatchItemQuery(job, outcome, size, token.asReadOnlyByteBuffer().getInt());
  }

  /** The token of the page after the one that ended with item {@code lastIndex}. */
  String nextPageToken(int lastIndex) {
    return PageTokens.wrap(
        scope(), ByteString.copyFrom(ByteBuffer.allocate(Integer.BYTES).putInt(0, lastIndex)));
  }

  /** What a page token belongs to: this tenant's job, listed with this filter. */
  private String scope() {
    return "items\0" + job.tenant() + "\0" + job.jobId() + "\0" + status;
  }
}
