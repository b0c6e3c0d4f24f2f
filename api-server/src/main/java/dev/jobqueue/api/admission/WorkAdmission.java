package dev.jobqueue.api.admission;

import dev.jobqueue.api.auth.TokenBuckets;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.BatchInput;
import dev.jobqueue.api.jobs.Submission;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.report.ReportJob;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant admission measured in work, not requests: an {@code email} costs one email, an {@code
 * email-batch} one per recipient or message, a {@code pdf} its pages. A tenant that has spent its
 * budget gets 429 with {@code Retry-After}; every answer to a submission carries the {@code
 * RateLimit-*} headers of the budget it drew on. A tenant's {@code email-batch} jobs under way are
 * capped in emails as well, across every API process.
 */
public final class WorkAdmission {
  /** What a unit of work is called in the {@code RateLimit-Policy} header. */
  public enum Unit {
    EMAILS("emails"),
    PAGES("pages");

    private final String wireName;

    Unit(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * Work taken from a tenant's budget for one submission; given back if the submission started no
   * job (an idempotent replay, a refusal, a failed start).
   */
  public final class Grant {
    private final String tenant;
    private final String workflowId;
    private final Unit unit;
    private final long cost;
    private final TokenBuckets.Taken taken;

    private Grant(
        String tenant, String workflowId, Unit unit, long cost, TokenBuckets.Taken taken) {
      this.tenant = tenant;
      this.workflowId = workflowId;
      this.unit = unit;
      this.cost = cost;
      this.taken = taken;
    }

    public long cost() {
      return cost;
    }

    /** The {@code RateLimit-*} headers: what the tenant had left after this submission. */
    public Map<String, String> headers() {
      return WorkAdmission.this.headers(unit, taken);
    }

    public void giveBack() {
      buckets(unit).giveBack(tenant, cost);
      if (unit == Unit.EMAILS && bulk != null) {
        bulk.forget(tenant, workflowId);
      }
    }
  }

  private final AdmissionConfig config;
  private final TokenBuckets emails;
  private final TokenBuckets pages;
  private final BulkInFlight bulk;
  private final Map<String, Object> bulkLocks = new ConcurrentHashMap<>();

  /** {@code bulk} counts a tenant's unfinished batches' emails; null when nothing caps them. */
  public WorkAdmission(AdmissionConfig config, BulkInFlight bulk, Clock clock) {
    this.config = config;
    int share = config.apiProcesses();
    this.emails =
        new TokenBuckets(
            config.emailsPerSecond() / share, Math.max(1, config.emailBurst() / share), clock);
    this.pages =
        new TokenBuckets(
            config.pagesPerSecond() / share, Math.max(1, config.pageBurst() / share), clock);
    this.bulk = bulk;
  }

  /**
   * Takes the submission's work from the tenant's budget, or throws a 429 problem saying how long
   * to wait. Call {@link Grant#giveBack()} if no job came of it.
   */
  public Grant admit(JobRef ref, Submission submission) {
    Unit unit = unitOf(submission);
    long cost = costOf(submission);
    String tenant = ref.tenant();
    if (submission.input() instanceof BatchInput && bulk != null) {
      // one batch admission of a tenant at a time here, so that two cannot both fit the last room
      synchronized (bulkLock(tenant)) {
        return admitBatch(ref, unit, cost);
      }
    }
    return take(ref, unit, cost);
  }

  private Grant admitBatch(JobRef ref, Unit unit, long cost) {
    String tenant = ref.tenant();
    // a retry of a batch under way is not counted twice: it is answered with the job it started
    long underWay = bulk.emails(tenant, ref.workflowId());
    if (underWay + cost > config.maxBulkEmailsInFlight()) {
      throw ApiProblem.retryLater(
              429,
              "bulk-in-flight",
              "Too much bulk work under way",
              "this tenant's email-batch jobs under way hold "
                  + underWay
                  + " emails and this one "
                  + cost
                  + ", over the cap of "
                  + config.maxBulkEmailsInFlight()
                  + "; retry once some have finished",
              config.bulkRetryAfter().toSeconds())
          .withHeaders(headers(unit, buckets(unit).take(tenant, 0)));
    }
    var grant = take(ref, unit, cost);
    bulk.started(tenant, ref.workflowId(), cost);
    return grant;
  }

  private Object bulkLock(String tenant) {
    return bulkLocks.computeIfAbsent(tenant, t -> new Object());
  }

  private Grant take(JobRef ref, Unit unit, long cost) {
    String tenant = ref.tenant();
    var taken = buckets(unit).take(tenant, cost);
    if (!taken.granted()) {
      throw ApiProblem.retryLater(
              429,
              "work-rate-limited",
              "Too much work submitted",
              "this tenant's "
                  + unit.wireName()
                  + " budget is spent ("
                  + taken.remaining()
                  + " left, this job needs "
                  + cost
                  + "); retry after "
                  + taken.waitSeconds()
                  + " s",
              taken.waitSeconds())
          .withHeaders(headers(unit, taken));
    }
    return new Grant(tenant, ref.workflowId(), unit, cost, taken);
  }

  static Unit unitOf(Submission submission) {
    return submission.input() instanceof ReportJob ? Unit.PAGES : Unit.EMAILS;
  }

  /** The submission's size in its unit: at least one. */
  long costOf(Submission submission) {
    return switch (submission.input()) {
      case EmailJob ignored -> 1;
      case BatchInput batch -> Math.max(1, batch.items().size());
      case ReportJob report ->
          Math.max(1, (report.rowCount() + config.rowsPerPage() - 1) / config.rowsPerPage());
      default -> 1;
    };
  }

  private TokenBuckets buckets(Unit unit) {
    return unit == Unit.PAGES ? pages : emails;
  }

  private Map<String, String> headers(Unit unit, TokenBuckets.Taken taken) {
    return buckets(unit).headers(unit.wireName(), taken);
  }
}
