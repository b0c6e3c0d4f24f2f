package dev.jobqueue.api.jobs;

import dev.jobqueue.api.admission.WorkAdmission;
import dev.jobqueue.api.auth.FairnessWeights;
import dev.jobqueue.api.coalesce.Coalescer;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.email.EmailBatchJob;
import dev.jobqueue.email.EmailBatchWorkflow;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflow;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.MetricTags;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportWorkflow;
import dev.jobqueue.runtime.TemporalConfig;
import dev.jobqueue.store.BatchStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Starts a job's workflow, exactly once per job id. With an Idempotency-Key the id is derived from
 * the key, so Temporal itself refuses a second start; we then tell a retry of the same request
 * (200, the existing job) from a different request under the same key (422). An {@code email-batch}
 * is staged in the batch store first, under a name of its own request's, and a retry whose job has
 * started is answered without staging it again.
 */
public final class JobStarter {
  public static final String SUBMITTED_METRIC = "jobqueue.jobs.submitted";

  /**
   * What became of a submission: a new job (202) or the one its key already named (200), and the
   * {@code RateLimit-*} headers of the tenant's work budget after it.
   */
  public record Outcome(boolean created, JobStatusDocument job, Map<String, String> headers) {
    public Outcome(boolean created, JobStatusDocument job) {
      this(created, job, Map.of());
    }

    Outcome with(Map<String, String> more) {
      return new Outcome(created, job, more);
    }
  }

  private final WorkflowClient client;
  private final TemporalConfig temporal;
  private final JobStatusReader reader;
  private final Duration deadLetterRetention;
  private final MeterRegistry registry;
  private final TemporalDeadline deadline;
  private final BatchStaging staging;
  private final JobReplays replays;
  private final Coalescer coalescer;
  private final FairnessWeights weights;
  private final WorkAdmission admission;
  private final AfterStaging afterStaging;

  /**
   * Called between staging a batch and starting its job, on the request's thread: the window in
   * which two requests under one key meet, which a test holds open on purpose.
   */
  @FunctionalInterface
  public interface AfterStaging {
    AfterStaging NONE = (job, manifest) -> {};

    void staged(JobRef job, BatchManifest manifest);
  }

  public JobStarter(
      WorkflowClient client,
      TemporalConfig temporal,
      JobStatusReader reader,
      Duration deadLetterRetention,
      MeterRegistry registry,
      TemporalDeadline deadline,
      BatchStaging staging,
      Coalescer coalescer,
      FairnessWeights weights,
      WorkAdmission admission) {
    this(
        client,
        temporal,
        reader,
        deadLetterRetention,
        registry,
        deadline,
        staging,
        coalescer,
        weights,
        admission,
        AfterStaging.NONE);
  }

  public JobStarter(
      WorkflowClient client,
      TemporalConfig temporal,
      JobStatusReader reader,
      Duration deadLetterRetention,
      MeterRegistry registry,
      TemporalDeadline deadline,
      BatchStaging staging,
      Coalescer coalescer,
      FairnessWeights weights,
      WorkAdmission admission,
      AfterStaging afterStaging) {
    this.client = client;
    this.temporal = temporal;
    this.reader = reader;
    this.deadLetterRetention = deadLetterRetention;
    this.registry = registry;
    this.deadline = deadline;
    this.staging = staging;
    this.replays = new JobReplays(reader);
    this.coalescer = coalescer;
    this.weights = weights;
    this.admission = admission;
    this.afterStaging = afterStaging;
  }

  /**
   * Starts the job, its Temporal calls bounded by the deadline. A batch is staged outside it:
   * writing 100,000 items takes the time the disk needs, and must not shorten Temporal's.
   */
  public Outcome submit(JobRef ref, Submission submission, boolean keyed) {
    // 429 if the tenant's work budget is spent; given back unless a job came of it
    var grant = deadline.within(() -> admission.admit(ref, submission));
    Outcome outcome;
    try {
      outcome = submitAdmitted(ref, submission, keyed);
    } catch (RuntimeException e) {
      grant.giveBack();
      throw e;
    }
    if (!outcome.created()) {
      grant.giveBack();
    }
    return outcome.with(grant.headers());
  }

  private Outcome submitAdmitted(JobRef ref, Submission submission, boolean keyed) {
    if (coalescer.takes(ref.tenant(), submission)) {
      // busy enough to share a workflow with others; a job of its own all the same
      return coalescer.submit(ref, submission, keyed);
    }
    Instant now = reader.now();
    var timing = submission.timingErrors(now);
    if (!timing.isEmpty()) {
      // a retry of a request accepted a while ago may now be "late": it still gets its job
      Outcome replayed = keyed ? deadline.within(() -> replays.of(ref, submission)) : null;
      if (replayed != null) {
        return replayed;
      }
      throw ApiProblem.invalid(timing);
    }
    if (!(submission.input() instanceof BatchInput batch)) {
      return startOrReplay(ref, submission, keyed, now, null);
    }
    // every batch has a key (its request's, without an Idempotency-Key): a job the key names
    // already is the answer, and nothing is staged for it
    Outcome replayed = deadline.within(() -> replays.of(ref, submission));
    if (replayed != null) {
      return replayed;
    }
    BatchStore.Staged staged = staging.stage(ref, submission, batch);
    afterStaging.staged(ref, staged.manifest());
    try {
      return startOrReplay(ref, submission, keyed, now, staged.manifest());
    } catch (ApiProblem problem) {
      if (JobReplays.isKeyReused(problem)) {
        // a definite refusal: the id is another request's job, which reads its own batch
        staging.discard(staged);
      }
      throw problem;
    }
  }

  /**
   * Starts the job; if its id names one already (Temporal refused the start), the job that is: this
   * request's (200), or another's under the same key (422).
   */
  private Outcome startOrReplay(
      JobRef ref, Submission submission, boolean keyed, Instant now, BatchManifest manifest) {
    try {
      return deadline.within(() -> start(ref, submission, now, manifest));
    } catch (WorkflowExecutionAlreadyStarted e) {
      if (!keyed) {
        throw e; // 128 random bits collided: a bug, not a client error
      }
      Outcome existing = deadline.within(() -> replays.of(ref, submission));
      if (existing == null) {
        throw e; // refused for a job Temporal then did not find: not ours to answer
      }
      return existing;
    }
  }

  private Outcome start(JobRef ref, Submission submission, Instant now, BatchManifest manifest) {
    Duration delay = submission.startDelay(now);
    var options =
        JobWorkflowOptions.of(
            ref, submission, now, delay, deadLetterRetention, weights.of(ref.tenant()));
    switch (submission.input()) {
      case EmailJob email ->
          WorkflowClient.start(client.newWorkflowStub(EmailWorkflow.class, options)::send, email);
      case ReportJob report ->
          WorkflowClient.start(
              client.newWorkflowStub(ReportWorkflow.class, options)::render, report);
      case BatchInput batch ->
          WorkflowClient.start(
              client.newWorkflowStub(EmailBatchWorkflow.class, options)::send,
              new EmailBatchJob(ref, manifest, batch.retry()));
      default -> throw new IllegalArgumentException("not a job input: " + submission.input());
    }
    registry
        .counter(
            SUBMITTED_METRIC,
            MetricTags.JOB_TYPE,
            submission.type().wireName(),
            MetricTags.TENANT,
            ref.tenant())
        .increment();
    return new Outcome(true, accepted(ref, submission, now, delay, manifest));
  }

  /** The new job's document, from what we just told Temporal: no second round trip. */
  private JobStatusDocument accepted(
      JobRef ref, Submission submission, Instant now, Duration delay, BatchManifest manifest) {
    var type = submission.type();
    var progress = manifest == null ? null : new Progress(0, manifest.items());
    return new JobStatusDocument(
        ref.jobId(),
        type.wireName(),
        delay == null ? JobStatus.QUEUED : JobStatus.SCHEDULED,
        0,
        reader.maxAttempts(type),
        progress,
        null,
        now,
        now,
        delay == null ? null : now.plus(delay),
        null,
        false,
        null,
        ref.workflowId(),
        JobLinks.of(ref, temporal));
  }
}
