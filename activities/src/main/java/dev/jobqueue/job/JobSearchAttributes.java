package dev.jobqueue.job;

import io.temporal.common.SearchAttributeKey;

/**
 * The search attributes every job workflow keeps current. A cluster must register them (all of
 * type Keyword) before jobs start; {@code ./jobqueue dev} does it for the dev server.
 */
public final class JobSearchAttributes {
  public static final SearchAttributeKey<String> JOB_TYPE = SearchAttributeKey.forKeyword("JobType");
  public static final SearchAttributeKey<String> TENANT = SearchAttributeKey.forKeyword("Tenant");
  public static final SearchAttributeKey<String> JOB_STATUS =
      SearchAttributeKey.forKeyword("JobStatus");
  public static final SearchAttributeKey<String> ERROR_TYPE =
      SearchAttributeKey.forKeyword("ErrorType");

  /** Every key, for registration on a server. */
  public static final java.util.List<SearchAttributeKey<String>> ALL =
      java.util.List.of(JOB_TYPE, TENANT, JOB_STATUS, ERROR_TYPE);

  private JobSearchAttributes() {}
}
