package dev.jobqueue.api.schedules;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.api.jobs.PageTokens;

/**
 * {@code GET /v1/schedules}'s parameters, checked.
 *
 * @param pageToken Temporal's own token; empty for the first page
 */
public record ScheduleListQuery(String tenant, int pageSize, ByteString pageToken) {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  /** The query from the raw parameters, or 400 naming each one that is wrong. */
  public static ScheduleListQuery parse(String tenant, String pageSize, String pageToken) {
    var v = new Violations();
    int size = DEFAULT_PAGE_SIZE;
    if (pageSize != null) {
      size = pageSize.matches("[0-9]{1,3}") ? Integer.parseInt(pageSize) : -1;
      v.check(
          size >= 1 && size <= MAX_PAGE_SIZE,
          "pageSize",
          "must be an integer from 1 to " + MAX_PAGE_SIZE);
    }
    v.throwIfAny();
    if (pageToken == null) {
      return new ScheduleListQuery(tenant, size, ByteString.EMPTY);
    }
    var token = PageTokens.unwrap(scope(tenant), pageToken);
    if (token == null) {
      throw ApiProblem.invalid(
          "pageToken", "must be the nextPageToken of an earlier page of this list");
    }
    return new ScheduleListQuery(tenant, size, token);
  }

  /** The token the client gets for the page after this one. */
  public String clientToken(ByteString temporalToken) {
    return PageTokens.wrap(scope(tenant), temporalToken);
  }

  private static String scope(String tenant) {
    return "schedules\0" + tenant;
  }
}
