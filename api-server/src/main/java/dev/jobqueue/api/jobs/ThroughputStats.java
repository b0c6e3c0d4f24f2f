package dev.jobqueue.api.jobs;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's throughput and queue depth over a recent window, minute by minute, for {@code GET
 * /v1/stats}. Read from Temporal's visibility store at a bounded cost: at most {@link #MAX_PAGES}
 * list pages of the window's jobs and three counts, and the answer is kept for {@link #FRESHNESS}
 * per tenant and window, however many consoles ask.
 *
 * <p>The per-minute series come from the listed jobs (started, finished by outcome, and the jobs in
 * flight at each minute's end); when the window holds more jobs than the pages do, {@code complete}
 * is false and the older minutes undercount. The current figures are exact counts.
 */
public final class ThroughputStats {
  /** The windows a client may ask for. */
  public static final List<Duration> WINDOWS =
      List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1));

  static final int PAGE_SIZE = 1000;
  static final int MAX_PAGES = 5;
  static final Duration FRESHNESS = Duration.ofSeconds(10);
  private static final Duration BUCKET = Duration.ofMinutes(1);
  private static final int MAX_CACHED = 10_000;

  /** The two visibility calls the figures come from; an interface so tests can stand in. */
  public interface Source {
    ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString token);

    long count(String query);

    /** The calls on the job namespace, under the deadline of the request they run in. */
    static Source of(WorkflowClient client, TemporalConfig temporal) {
      return new Source() {
        @Override
        public ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString token) {
          return client
              .getWorkflowServiceStubs()
              .blockingStub()
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setQuery(query)
                      .setPageSize(pageSize)
                      .setNextPageToken(token)
                      .build());
        }

        @Override
        public long count(String query) {
          return client
              .getWorkflowServiceStubs()
              .blockingStub()
              .countWorkflowExecutions(
                  CountWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setQuery(query)
                      .build())
              .getCount();
        }
      };
    }
  }

  /** One job type's series, a value per minute, oldest first. */
  public record Series(
      List<Integer> started,
      List<Integer> succeeded,
      List<Integer> deadLettered,
      List<Integer> cancelled) {}

  /** The tenant's jobs as of now: under way (queued, running, retrying), scheduled, parked. */
  public record Current(long underWay, long scheduled, long deadLettered) {}

  /**
   * What {@code GET /v1/stats} answers.
   *
   * @param minutes each minute's start, oldest first; the last one is the current minute
   * @param inFlight the jobs started and not yet finished at each minute's end (now, for the last)
   * @param complete false when the window held more jobs than were read
   */
  public record Document(
      String window,
      String bucket,
      Instant from,
      Instant to,
      List<Instant> minutes,
      Map<String, Series> types,
      List<Integer> inFlight,
      Current current,
      boolean complete,
      Instant computedAt) {}

  private record Cached(Instant at, Document document) {}

  private final Source source;
  private final DataConverter converter;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public ThroughputStats(Source source, DataConverter converter, Clock clock) {
    this.source = source;
    this.converter = converter;
    this.clock = clock;
  }

  /** The window a client's {@code window} parameter names (PT1H when absent), or 400. */
  public static Duration window(String raw) {
    if (raw == null) {
      return Duration.ofHours(1);
    }
    for (Duration w : WINDOWS) {
      if (w.toString().equals(raw)) {
        return w;
      }
    }
    throw ApiProblem.invalid("window", "must be one of PT15M, PT30M, PT1H");
  }

  /** The tenant's figures over {@code window}, at most {@link #FRESHNESS} old. */
  public Document of(String tenant, Duration window) {
    String key = tenant + "\0" + window;
    Cached cached = cache.get(key);
    if (cached != null && fresh(cached)) {
      return cached.document();
    }
    // one computation per tenant and window at a time: the others wait for its answer
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      cached = cache.get(key);
      if (cached != null && fresh(cached)) {
        return cached.document();
      }
      Document document = compute(tenant, window, clock.instant());
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
        locks.clear();
      }
      cache.put(key, new Cached(clock.instant(), document));
      return document;
    }
  }

  private boolean fresh(Cached cached) {
    return cached.at().plus(FRESHNESS).isAfter(clock.instant());
  }

  Document compute(String tenant, Duration window, Instant now) {
    int n = (int) window.toMinutes();
    Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(BUCKET);
    Instant from = to.minus(window);
    var minutes = new ArrayList<Instant>(n);
    for (int i = 0; i < n; i++) {
      minutes.add(from.plus(BUCKET.multipliedBy(i)));
    }
    var counts = new LinkedHashMap<JobType, int[][]>();
    for (JobType type : JobType.values()) {
      counts.put(type, new int[4][n]);
    }
    int[] inFlight = new int[n];
    String tenantIs = tenantClause(tenant);
    String query =
        tenantIs
            + " AND (ExecutionStatus = 'Running' OR CloseTime >= "
            + JobListQuery.literal(from.toString())
            + ")";
    var token = ByteString.EMPTY;
    boolean complete = false;
    for (int page = 0; page < MAX_PAGES; page++) {
      ListWorkflowExecutionsResponse response = source.list(query, PAGE_SIZE, token);
      for (WorkflowExecutionInfo info : response.getExecutionsList()) {
        add(info, now, from, n, counts, inFlight);
      }
      token = response.getNextPageToken();
      if (token.isEmpty()) {
        complete = true;
        break;
      }
    }
    var types = new LinkedHashMap<String, Series>();
    counts.forEach(
        (type, c) ->
            types.put(type.wireName(), new Series(list(c[0]), list(c[1]), list(c[2]), list(c[3]))));
    String open = tenantIs + " AND ExecutionStatus = 'Running' AND ";
    String status = JobSearchAttributes.JOB_STATUS.getName();
    String nowLiteral = JobListQuery.literal(now.toString());
    var current =
        new Current(
            source.count(
                open
                    + "("
                    + status
                    + " IN ('QUEUED', 'RUNNING', 'RETRYING') OR ("
                    + status
                    + " = 'SCHEDULED' AND ExecutionTime <= "
                    + nowLiteral
                    + "))"),
            source.count(open + status + " = 'SCHEDULED' AND ExecutionTime > " + nowLiteral),
            source.count(open + status + " = 'DEAD_LETTERED'"));
    return new Document(
        window.toString(),
        BUCKET.toString(),
        from,
        to,
        minutes,
        types,
        list(inFlight),
        current,
        complete,
        now);
  }

  /** The tenant's jobs: their own workflows (not runs they continued from, nor callbacks). */
  static String tenantClause(String tenant) {
    return JobSearchAttributes.TENANT.getName()
        + " = "
        + JobListQuery.literal(tenant)
        + " AND "
        + JobListQuery.LATEST_RUNS
        + " AND "
        + JobListQuery.NOT_CALLBACKS;
  }

  private void add(
      WorkflowExecutionInfo info,
      Instant now,
      Instant from,
      int n,
      Map<JobType, int[][]> counts,
      int[] inFlight) {
    var metadata = new WorkflowExecutionMetadata(info, converter);
    var attributes = metadata.getTypedSearchAttributes();
    var type = JobTypes.byWireName(attributes.get(JobSearchAttributes.JOB_TYPE));
    if (type.isEmpty() || !info.hasStartTime()) {
      return; // a group of coalesced emails or a key reservation: not a job of its own
    }
    int[][] c = counts.get(type.get());
    Instant started = StatusRules.instant(info.getStartTime());
    JobStatus status =
        StatusRules.fromVisibility(
            info, StatusRules.recorded(attributes.get(JobSearchAttributes.JOB_STATUS)), now);
    Instant finished = null;
    if (info.hasCloseTime()) {
      finished = StatusRules.instant(info.getCloseTime());
    } else if (status == JobStatus.DEAD_LETTERED) {
      OffsetDateTime parked = attributes.get(JobSearchAttributes.DEAD_LETTERED_AT);
      finished = parked == null ? null : parked.toInstant();
    }
    int s = bucket(started, from, n);
    if (s >= 0) {
      c[0][s]++;
    }
    if (finished != null) {
      int f = bucket(finished, from, n);
      int outcome =
          switch (status) {
            case SUCCEEDED -> 1;
            case DEAD_LETTERED -> 2;
            case CANCELLED -> 3;
            default -> -1;
          };
      if (f >= 0 && outcome > 0) {
        c[outcome][f]++;
      }
    }
    // in flight at the end of each minute it had started by and not yet finished by
    for (int i = 0; i < n; i++) {
      Instant end = from.plus(BUCKET.multipliedBy(i + 1L));
      if (end.isAfter(now)) {
        end = now;
      }
      if (!started.isAfter(end) && (finished == null || finished.isAfter(end))) {
        inFlight[i]++;
      }
    }
  }

  /** The minute {@code at} falls in, or -1 outside the window. */
  private static int bucket(Instant at, Instant from, int n) {
    if (at.isBefore(from)) {
      return -1;
    }
    long i = Duration.between(from, at).toMinutes();
    return i < n ? (int) i : -1;
  }

  private static List<Integer> list(int[] values) {
    var out = new ArrayList<Integer>(values.length);
    for (int v : values) {
      out.add(v);
    }
    return out;
  }
}
