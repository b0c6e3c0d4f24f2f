package dev.jobqueue.job;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search attributes every job workflow keeps current. A cluster must register them before jobs
 * start ({@link #ALL} as Keyword, {@link #DATETIMES} as Datetime); {@code ./jobqueue dev} does it
 * for the dev server.
 */
public final class JobSearchAttributes {
  public static final SearchAttributeKey<String> JOB_TYPE =
      SearchAttributeKey.forKeyword("JobType");
  public static final SearchAttributeKey<String> TENANT = SearchAttributeKey.forKeyword("Tenant");
  public static final SearchAttributeKey<String> JOB_STATUS =
      SearchAttributeKey.forKeyword("JobStatus");
  public static final SearchAttributeKey<String> ERROR_TYPE =
      SearchAttributeKey.forKeyword("ErrorType");

  /**
   * When the job was last parked as a dead letter (Datetime): for time filters in the UI and API.
   */
  public static final SearchAttributeKey<OffsetDateTime> DEAD_LETTERED_AT =
      SearchAttributeKey.forOffsetDateTime("DeadLetteredAt");

  /** Every Keyword key, for registration on a server. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(JOB_TYPE, TENANT, JOB_STATUS, ERROR_TYPE);

  /** Every Datetime key, for registration on a server. */
  public static final List<SearchAttributeKey<OffsetDateTime>> DATETIMES =
      List.of(DEAD_LETTERED_AT);

  /** Every search attribute with its type, as a server registers them. */
  public static Map<String, IndexedValueType> registrations() {
    var all = new LinkedHashMap<String, IndexedValueType>();
    ALL.forEach(key -> all.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    DATETIMES.forEach(key -> all.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME));
    return all;
  }

  private JobSearchAttributes() {}
}
