package dev.jobqueue.api.deadletters;

import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.api.jobs.DateTimes;
import dev.jobqueue.api.jobs.JobListQuery;
import dev.jobqueue.api.jobs.JobTypes;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Which dead letters a list, a bulk redrive or a gauge is about, and the visibility query that
 * finds them. Every part is optional; all of them together narrow the selection.
 *
 * <p>The queue is the jobs parked in their own open workflow ({@code ExecutionStatus = 'Running'}):
 * a workflow that ended while it said DEAD_LETTERED (its deadline ran out while parked, or it was
 * terminated) keeps that search attribute but can be neither redriven nor discarded, so it is not
 * in the queue. No {@code ORDER BY}: SQL visibility refuses it.
 *
 * @param after inclusive lower bound of {@code DeadLetteredAt}
 * @param before exclusive upper bound of {@code DeadLetteredAt}; one not after {@code after} makes
 *     an empty range, which selects nothing (as a query with both bounds says)
 */
public record DeadLetterFilter(JobType type, String errorType, Instant after, Instant before) {
  public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null);

  /** Error types are ApplicationFailure types: Pascal-case names, or a Java class's full name. */
  static final Pattern ERROR_TYPE = Pattern.compile("[A-Za-z0-9_.$-]{1,200}");

  /**
   * Visibility stores take RFC 3339 times with four-digit years from the epoch on; a bound outside
   * is brought to the nearest of these.
   */
  static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** The filter from raw parameters; what is wrong with them goes into {@code v}. */
  public static DeadLetterFilter parse(
      String type, String errorType, String after, String before, Violations v) {
    JobType jobType = null;
    if (type != null) {
      jobType = JobTypes.byWireName(type).orElse(null);
      v.check(jobType != null, "type", "unknown job type; known types: " + JobTypes.wireNames());
    }
    if (errorType != null) {
      v.check(
          ERROR_TYPE.matcher(errorType).matches(),
          "errorType",
          "must be an error type such as SmtpRejected: 1 to 200 letters, digits and _.$-");
    }
    Instant from = instant(after, "deadLetteredAfter", v);
    Instant to = instant(before, "deadLetteredBefore", v);
    return new DeadLetterFilter(jobType, errorType, from, to);
  }

  /**
   * An RFC 3339 instant with an offset, within what visibility stores take; null (and a violation
   * of {@code field}) when it is not one, null when absent.
   */
  public static Instant instant(String value, String field, Violations v) {
    if (value == null) {
      return null;
    }
    try {
      // nothing was parked before 1970 or after 9999: a bound beyond them selects as they do
      Instant instant = DateTimes.parse(value);
      return instant.isBefore(EARLIEST) ? EARLIEST : instant.isAfter(LATEST) ? LATEST : instant;
    } catch (DateTimeParseException e) {
      v.add(field, DateTimes.RULE);
    }
    return null;
  }

  /**
   * The visibility query for the dead letters this filter selects: the tenant's, or, for a null
   * {@code tenant}, every tenant's (operator metrics only; never for a client).
   */
  public String visibilityQuery(String tenant) {
    var query = new StringBuilder();
    if (tenant != null) {
      clause(query, JobSearchAttributes.TENANT.getName() + " = " + JobListQuery.literal(tenant));
    }
    clause(query, "ExecutionStatus = 'Running'");
    clause(
        query,
        JobSearchAttributes.JOB_STATUS.getName()
            + " = "
            + JobListQuery.literal(JobStatus.DEAD_LETTERED.name()));
    if (type != null) {
      clause(
          query,
          JobSearchAttributes.JOB_TYPE.getName() + " = " + JobListQuery.literal(type.wireName()));
    }
    if (errorType != null) {
      clause(
          query,
          JobSearchAttributes.ERROR_TYPE.getName() + " = " + JobListQuery.literal(errorType));
    }
    if (after != null) {
      clause(
          query,
          JobSearchAttributes.DEAD_LETTERED_AT.getName()
              + " >= "
              + JobListQuery.literal(after.toString()));
    }
    if (before != null) {
      clause(
          query,
          JobSearchAttributes.DEAD_LETTERED_AT.getName()
              + " < "
              + JobListQuery.literal(before.toString()));
    }
    return query.toString();
  }

  /** The same selection, narrowed to dead letters parked before {@code instant}. */
  DeadLetterFilter before(Instant instant) {
    return new DeadLetterFilter(
        type, errorType, after, before == null || instant.isBefore(before) ? instant : before);
  }

  /** What a page token of a list with this filter belongs to. */
  String scope(String tenant) {
    return "dead-letters\0"
        + tenant
        + "\0"
        + type
        + "\0"
        + errorType
        + "\0"
        + after
        + "\0"
        + before;
  }

  private static void clause(StringBuilder query, String clause) {
    query.append(query.isEmpty() ? "" : " AND ").append(clause);
  }
}
