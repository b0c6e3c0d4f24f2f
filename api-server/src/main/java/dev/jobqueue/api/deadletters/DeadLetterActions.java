package dev.jobqueue.api.deadletters;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobStatusDocument;
import dev.jobqueue.api.jobs.JobStatusReader;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.MetricTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;

/**
 * Redrives or discards one of the caller's dead letters. Only a job parked in its open workflow can
 * be: anything else is a 409. The workflow decides; the API only signals it, so the answer may
 * still show DEAD_LETTERED until a worker has taken the signal.
 */
public final class DeadLetterActions {
  public static final String REDRIVE_REQUESTS_METRIC = "jobqueue.dead_letters.redriven_requests";
  public static final String DISCARD_REQUESTS_METRIC = "jobqueue.dead_letters.discard_requests";

  private final JobStatusReader reader;
  private final Submissions submissions;
  private final DeadLetterSignals signals;
  private final MeterRegistry registry;

  public DeadLetterActions(
      WorkflowClient client,
      JobStatusReader reader,
      Submissions submissions,
      MeterRegistry registry) {
    this.reader = reader;
    this.submissions = submissions;
    this.signals = new DeadLetterSignals(client);
    this.registry = registry;
  }

  /** Signals the job to run again, on a corrected payload if one is given; its document after. */
  public JobStatusDocument redrive(JobRef ref, RedriveRequest request) {
    var job = parked(ref, "redriven");
    Object corrected = null;
    if (request.payload() != null) {
      if (job.type() == JobType.EMAIL_BATCH) {
        throw ApiProblem.invalid(
            "payload",
            "an email-batch is redriven as it was (its items not yet accepted run again);"
                + " a corrected batch is a new job");
      }
      // the same rules as POST /v1/jobs, so a corrected job is one the API would have started
      corrected = submissions.checkPayload(ref, job.type(), request.payload());
    }
    try {
      signals.redrive(job, corrected);
    } catch (WorkflowNotFoundException e) {
      throw notParked(
          ref, "redriven"); // it ended (discarded, expired) between our look and the signal
    }
    count(REDRIVE_REQUESTS_METRIC, job);
    return reader.document(reader.describe(ref));
  }

  /** Signals the job to end as DISCARDED. */
  public void discard(JobRef ref, DiscardRequest request) {
    var job = parked(ref, "discarded");
    try {
      signals.discard(job, request.reason());
    } catch (WorkflowNotFoundException e) {
      throw notParked(ref, "discarded");
    }
    count(DISCARD_REQUESTS_METRIC, job);
  }

  /** The caller's job if it is parked as a dead letter now; 404 or 409 otherwise. */
  private ParkedJob parked(JobRef ref, String action) {
    var job = reader.describe(ref);
    JobStatus status = job.status(reader.now());
    if (!job.isOpen() || status != JobStatus.DEAD_LETTERED) {
      throw notDeadLettered(ref, status, job.isOpen(), action);
    }
    return new ParkedJob(ref, job.type());
  }

  private ApiProblem notParked(JobRef ref, String action) {
    var job = reader.describe(ref);
    return notDeadLettered(ref, job.status(reader.now()), job.isOpen(), action);
  }

  private static ApiProblem notDeadLettered(
      JobRef ref, JobStatus status, boolean open, String action) {
    String detail =
        status == JobStatus.DEAD_LETTERED && !open
            ? "job "
                + ref.jobId()
                + " failed and its workflow has ended (its deadline passed, or"
                + " it was stopped), so it is not parked and cannot be "
                + action
                + "; start a new job instead"
            : "job "
                + ref.jobId()
                + " is "
                + status
                + "; only a DEAD_LETTERED job can be "
                + action;
    return ApiProblem.of(409, "not-dead-lettered", "The job is not a dead letter", detail);
  }

  private void count(String metric, ParkedJob job) {
    count(registry, metric, job);
  }

  /** One more redrive or discard request of {@code job}'s type and tenant. */
  static void count(MeterRegistry registry, String metric, ParkedJob job) {
    Counter.builder(metric)
        .description(
            metric.equals(REDRIVE_REQUESTS_METRIC)
                ? "Dead letters the API signalled to run again, by type and tenant"
                : "Dead letters the API signalled to discard, by type and tenant")
        .tag(MetricTags.JOB_TYPE, job.type().wireName())
        .tag(MetricTags.TENANT, job.ref().tenant())
        .register(registry)
        .increment();
  }
}
