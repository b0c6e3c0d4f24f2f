package dev.jobqueue.api.deadletters;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.api.jobs.JobListQuery;
import dev.jobqueue.api.jobs.PageTokens;

/**
 * {@code GET /v1/dead-letters}'s parameters, checked. Page sizes and tokens work as in {@code GET
 * /v1/jobs}; a token belongs to one tenant's list with one filter.
 *
 * @param pageToken Temporal's own token; empty for the first page
 */
public record DeadLetterListQuery(
    String tenant, DeadLetterFilter filter, int pageSize, ByteString pageToken) {

  /** The query from the raw parameters, or 400 naming each one that is wrong. */
  public static DeadLetterListQuery parse(
      String tenant,
      String type,
      String errorType,
      String deadLetteredAfter,
      String deadLetteredBefore,
      String pageSize,
      String pageToken) {
    var v = new Violations();
    var filter = DeadLetterFilter.parse(type, errorType, deadLetteredAfter, deadLetteredBefore, v);
    int size = JobListQuery.DEFAULT_PAGE_SIZE;
    if (pageSize != null) {
      size = pageSize.matches("[0-9]{1,3}") ? Integer.parseInt(pageSize) : -1;
      v.check(
          size >= 1 && size <= JobListQuery.MAX_PAGE_SIZE,
          "pageSize",
          "must be an integer from 1 to " + JobListQuery.MAX_PAGE_SIZE);
    }
    v.throwIfAny();
    if (pageToken == null) {
      return new DeadLetterListQuery(tenant, filter, size, ByteString.EMPTY);
    }
    var token = PageTokens.unwrap(filter.scope(tenant), pageToken);
    if (token == null) {
      throw ApiProblem.invalid(
          "pageToken", "must be the nextPageToken of an earlier page of this list");
    }
    return new DeadLetterListQuery(tenant, filter, size, token);
  }

  public String visibilityQuery() {
    return filter.visibilityQuery(tenant);
  }

  /** The token the client gets for the page after this one. */
  public String clientToken(ByteString temporalToken) {
    return PageTokens.wrap(filter.scope(tenant), temporalToken);
  }
}
