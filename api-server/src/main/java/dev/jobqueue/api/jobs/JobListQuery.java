package dev.jobqueue.api.jobs;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.deadletters.DeadLetterFilter;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import java.time.Instant;

/**
 * {@code GET /v1/jobs}'s parameters, checked, and the visibility query they become.
 *
 * <p>No {@code ORDER BY}: SQL visibility stores (the dev server's SQLite included) and Temporal
 * Cloud refuse it. Their fixed order (open jobs first, newest first; then closed ones, most
 * recently closed first) is what the API promises.
 *
 * @param pageToken Temporal's own token; empty for the first page
 * @param createdAfter inclusive lower bound of the job's creation (its workflow's start); null for
 *     none
 * @param createdBefore exclusive upper bound of the job's creation; null for none
 */
public record JobListQuery(
    String tenant,
    JobType type,
    JobStatus status,
    int pageSize,
    ByteString pageToken,
    Instant createdAfter,
    Instant createdBefore) {
  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;

  /** A query without a time range. */
  public JobListQuery(
      String tenant, JobType type, JobStatus status, int pageSize, ByteString pageToken) {
    this(tenant, type, status, pageSize, pageToken, null, null);
  }

  /** The query from the raw parameters, without a time range, or 400. */
  public static JobListQuery parse(
      String tenant, String type, String status, String pageSize, String pageToken) {
    return parse(tenant, type, status, null, null, pageSize, pageToken);
  }

  /** The query from the raw parameters, or 400 naming each one that is wrong. */
  public static JobListQuery parse(
      String tenant,
      String type,
      String status,
      String createdAfter,
      String createdBefore,
      String pageSize,
      String pageToken) {
    var v = new Violations();
    JobType jobType = null;
    if (type != null) {
      jobType = JobTypes.byWireName(type).orElse(null);
      v.check(jobType != null, "type", "unknown job type; known types: " + JobTypes.wireNames());
    }
    JobStatus jobStatus = null;
    if (status != null) {
      jobStatus = StatusRules.recorded(status);
      v.check(jobStatus != null, "status", "unknown status; known: " + statuses());
    }
    int size = DEFAULT_PAGE_SIZE;
    if (pageSize != null) {
      size = pageSize.matches("[0-9]{1,3}") ? Integer.parseInt(pageSize) : -1;
      v.check(
          size >= 1 && size <= MAX_PAGE_SIZE,
          "pageSize",
          "must be an integer from 1 to " + MAX_PAGE_SIZE);
    }
    Instant after = DeadLetterFilter.instant(createdAfter, "createdAfter", v);
    Instant before = DeadLetterFilter.instant(createdBefore, "createdBefore", v);
    // a range whose end is not after its start is a valid question with an empty answer
    v.throwIfAny();
    var query = new JobListQuery(tenant, jobType, jobStatus, size, ByteString.EMPTY, after, before);
    if (pageToken == null) {
      return query;
    }
    var token = PageTokens.unwrap(query.scope(), pageToken);
    if (token == null) {
      throw ApiProblem.invalid(
          "pageToken", "must be the nextPageToken of an earlier page of this list");
    }
    return new JobListQuery(tenant, jobType, jobStatus, size, token, after, before);
  }

  /** The token the client gets for the page after this one. */
  public String clientToken(ByteString temporalToken) {
    return PageTokens.wrap(scope(), temporalToken);
  }

  /** What a page token belongs to: the same tenant's list with the same filters. */
  private String scope() {
    return createdAfter == null && createdBefore == null
        ? tenant + "\0" + type + "\0" + status
        : tenant + "\0" + type + "\0" + status + "\0" + createdAfter + "\0" + createdBefore;
  }

  /**
   * The visibility query for the tenant's jobs that match, as of {@code now}: their own workflows,
   * and the groups that carry coalesced emails (a group has no JobType; the lister lists its jobs
   * from its memo).
   */
  public String visibilityQuery(Instant now) {
    var own = new java.util.ArrayList<String>();
    if (type != null) {
      own.add(JobSearchAttributes.JOB_TYPE.getName() + " = " + literal(type.wireName()));
    }
    if (status != null) {
      own.add(statusFilter(status, now));
    }
    // a run that continued as new is not a job of its own: the job is its latest run; nor is a
    // job's completion callback (parked, it is a dead letter of its own, not a job)
    String tenantIs =
        JobSearchAttributes.TENANT.getName()
            + " = "
            + literal(tenant)
            + " AND "
            + LATEST_RUNS
            + " AND "
            + NOT_CALLBACKS
            + createdRange();
    if (own.isEmpty()) {
      // every workflow of the tenant: its jobs, its groups (a key reservation is not listed)
      return tenantIs;
    }
    String jobs = String.join(" AND ", own);
    String groups = groupFilter();
    return groups == null
        ? tenantIs + " AND " + jobs
        : tenantIs + " AND ((" + jobs + ") OR (" + groups + "))";
  }

  /** The time range's clauses, each led by AND; empty without one. */
  private String createdRange() {
    String range = "";
    if (createdAfter != null) {
      range += " AND StartTime >= " + literal(createdAfter.toString());
    }
    if (createdBefore != null) {
      range += " AND StartTime < " + literal(createdBefore.toString());
    }
    return range;
  }

  /**
   * The groups that may carry a job this list wants; null if none can. A coalesced email ends
   * SUCCEEDED or CANCELLED in its group, is under way there while the group runs, and once parked
   * is a workflow of its own.
   */
  private String groupFilter() {
    if (type != null && type != JobType.EMAIL) {
      return null;
    }
    String group = "WorkflowType = " + literal(GROUP_WORKFLOW_TYPE);
    if (status == null || status == JobStatus.SUCCEEDED || status == JobStatus.CANCELLED) {
      return group;
    }
    if (refinesUnderWay(status)) {
      return group + " AND ExecutionStatus = 'Running'";
    }
    return null;
  }

  /**
   * Leaves out the runs a job's workflow ended by continuing as new (a long-parked dead letter
   * does): the job lives on in its latest run, which the list shows once, with its status.
   */
  static final String LATEST_RUNS = "ExecutionStatus != 'ContinuedAsNew'";

  /** Leaves out the workflows that deliver jobs' completion callbacks. */
  static final String NOT_CALLBACKS = "WorkflowType != 'JobCallback'";

  /** The workflow type of a group of coalesced emails. */
  static final String GROUP_WORKFLOW_TYPE = "EmailGroup";

  /**
   * Jobs whose status, as {@link StatusRules#fromVisibility} reads it, is {@code status}: a
   * finished workflow's own state decides over a search attribute it may not have updated (a
   * deadline or a terminate ends it without the workflow's code running). For a job under way
   * ({@link #refinesUnderWay}) the query finds them all and the lister asks each execution.
   */
  static String statusFilter(JobStatus status, Instant now) {
    String attribute = JobSearchAttributes.JOB_STATUS.getName();
    String recorded = attribute + " = " + literal(status.name());
    String open = "ExecutionStatus = 'Running'";
    String due = "ExecutionTime <= " + literal(now.toString());
    String notDiscarded = attribute + " != 'DISCARDED'";
    return switch (status) {
      case SUCCEEDED ->
          "((ExecutionStatus = 'Completed' AND "
              + notDiscarded
              + ") OR ("
              + open
              + " AND "
              + recorded
              + "))";
      case CANCELLED ->
          "((ExecutionStatus IN ('Canceled', 'Terminated') AND "
              + notDiscarded
              + ") OR ("
              + open
              + " AND "
              + recorded
              + "))";
      case DEAD_LETTERED ->
          "((ExecutionStatus IN ('Failed', 'TimedOut') AND "
              + notDiscarded
              + ") OR ("
              + open
              + " AND "
              + recorded
              + "))";
      case DISCARDED -> recorded;
      case SCHEDULED ->
          "(" + open + " AND " + recorded + " AND ExecutionTime > " + literal(now.toString()) + ")";
      // the workflow records none of these (its execution shows them), so the query finds every
      // job under way and the lister keeps those whose execution shows the status asked for
      case QUEUED, RUNNING, RETRYING ->
          "("
              + open
              + " AND ("
              + attribute
              + " IN ('QUEUED', 'RUNNING', 'RETRYING') OR ("
              + attribute
              + " = 'SCHEDULED' AND "
              + due
              + ")))";
    };
  }

  /** True for the statuses only an open job's execution tells apart. */
  public static boolean refinesUnderWay(JobStatus status) {
    return status == JobStatus.QUEUED
        || status == JobStatus.RUNNING
        || status == JobStatus.RETRYING;
  }

  /** A quoted string literal of the visibility query language. */
  public static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String statuses() {
    var names = new StringBuilder();
    for (JobStatus s : JobStatus.values()) {
      names.append(names.isEmpty() ? "" : ", ").append(s.name());
    }
    return names.toString();
  }
}
