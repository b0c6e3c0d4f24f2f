package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.email.EmailBatchResult;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.converter.DataConverterException;
import java.time.Clock;
import java.time.Instant;

/** Reads a job's status from Temporal: a describe, plus the result once the job has one. */
public final class JobStatusReader {
  private final WorkflowClient client;
  private final TemporalConfig temporal;
  private final RetryConfig retry;
  private final Clock clock;
  private final JobOutcomes outcomes;
  private final BatchOutcomes batches;

  public JobStatusReader(
      WorkflowClient client,
      TemporalConfig temporal,
      RetryConfig retry,
      Clock clock,
      BatchOutcomes batches) {
    this.client = client;
    this.temporal = temporal;
    this.retry = retry;
    this.clock = clock;
    this.outcomes = new JobOutcomes(client);
    this.batches = batches;
  }

  /**
   * The caller's job, or 404: for a job that does not exist and for another tenant's alike, so that
   * job ids leak nothing across tenants.
   */
  public DescribedJob describe(JobRef ref) {
    if (!JobIds.plausible(ref.jobId())) {
      throw ApiProblem.jobNotFound(ref.jobId());
    }
    try {
      var description = client.newUntypedWorkflowStub(ref.workflowId()).describe();
      var attributes = description.getTypedSearchAttributes();
      String tenant = attributes.get(JobSearchAttributes.TENANT);
      var type =
          JobTypes.byWireName(attributes.get(JobSearchAttributes.JOB_TYPE))
              .or(() -> JobTypes.byWorkflowType(description.getWorkflowType()));
      if (type.isEmpty() || (tenant != null && !tenant.equals(ref.tenant()))) {
        throw ApiProblem.jobNotFound(ref.jobId());
      }
      return new DescribedJob(ref, type.get(), description);
    } catch (WorkflowNotFoundException e) {
      throw ApiProblem.jobNotFound(ref.jobId());
    }
  }

  public Instant now() {
    return clock.instant();
  }

  /** The retry budget a job of {@code type} starts with. */
  int maxAttempts(JobType type) {
    return retry.of(type).maxAttempts();
  }

  public JobStatusDocument document(DescribedJob job) {
    Instant now = clock.instant();
    var info = job.description().getWorkflowExecutionInfo();
    JobStatus status = job.status(now);
    Instant started = StatusRules.startTime(info);
    Instant due = StatusRules.executionTime(info);
    Instant dueBy = due != null && !due.isAfter(now) ? due : null;
    // the activity says how the work goes; once the workflow has decided (a dead letter being
    // compensated, say), the pending activity is not the job's work any more
    PendingActivityInfo pending =
        job.isOpen() && !StatusRules.decided(status) ? job.pending() : null;
    boolean waiting = status == JobStatus.QUEUED || status == JobStatus.SCHEDULED;
    var links = JobLinks.of(job.ref(), temporal);
    Integer attempt =
        pending != null
            ? Integer.valueOf(attemptsStarted(pending))
            : waiting ? Integer.valueOf(0) : outcomes.attempts(job, status);
    Integer budget = pending != null ? budget(pending) : Integer.valueOf(maxAttempts(job.type()));
    return new JobStatusDocument(
        job.ref().jobId(),
        job.type().wireName(),
        status,
        attempt,
        budget,
        // a batch's chunks heartbeat their own progress; the batch's is in the batch store
        job.type() == JobType.EMAIL_BATCH
            ? batches.progress(job.ref())
            : pending != null ? progress(pending) : null,
        pending != null ? failure(pending) : outcomes.lastError(job, status),
        started,
        info.hasCloseTime()
            ? StatusRules.instant(info.getCloseTime())
            : pending == null
                ? StatusRules.latest(started, dueBy)
                : StatusRules.latest(
                    started,
                    dueBy,
                    time(pending.hasLastStartedTime(), pending.getLastStartedTime()),
                    time(pending.hasLastHeartbeatTime(), pending.getLastHeartbeatTime()),
                    time(
                        pending.hasLastAttemptCompleteTime(),
                        pending.getLastAttemptCompleteTime())),
        due != null && started != null && due.isAfter(started) ? due : null,
        pending != null && status == JobStatus.RETRYING && pending.hasNextAttemptScheduleTime()
            ? StatusRules.instant(pending.getNextAttemptScheduleTime())
            : null,
        job.description().getRawDescription().getWorkflowExtendedInfo().getCancelRequested(),
        status == JobStatus.SUCCEEDED && !job.isOpen() ? summary(job, links) : null,
        links);
  }

  /** Attempts started so far: a scheduled attempt has not started yet. */
  private static int attemptsStarted(PendingActivityInfo pending) {
    return pending.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED
        ? pending.getAttempt() - 1
        : pending.getAttempt();
  }

  /** The activity's retry budget; null when unlimited. */
  private static Integer budget(PendingActivityInfo pending) {
    return pending.getMaximumAttempts() == 0 ? null : pending.getMaximumAttempts();
  }

  private static LastError failure(PendingActivityInfo pending) {
    return pending.hasLastFailure() ? StatusRules.lastError(pending.getLastFailure()) : null;
  }

  /** The workflow's result; only for a job that has SUCCEEDED. */
  public Object result(DescribedJob job) {
    return outcomes.result(job);
  }

  private Object summary(DescribedJob job, JobLinks links) {
    Object result = outcomes.result(job);
    return switch (result) {
      case ReportResult report -> ReportSummary.of(report, links.result());
      case EmailBatchResult batch -> BatchSummary.of(batch, links.self() + "/items");
      case null, default -> result;
    };
  }

  /** The heartbeat's {done, total}, whatever record carries them; null if it has none. */
  private Progress progress(PendingActivityInfo pending) {
    if (!pending.hasHeartbeatDetails() || pending.getHeartbeatDetails().getPayloadsCount() == 0) {
      return null;
    }
    try {
      JsonNode details =
          client
              .getOptions()
              .getDataConverter()
              .fromPayload(
                  pending.getHeartbeatDetails().getPayloads(0), JsonNode.class, JsonNode.class);
      if (details != null
          && details.path("done").isIntegralNumber()
          && details.path("total").isIntegralNumber()) {
        return new Progress(details.get("done").asLong(), details.get("total").asLong());
      }
      return null;
    } catch (DataConverterException e) {
      return null; // not JSON: a heartbeat without progress to show
    }
  }

  private static Instant time(boolean present, Timestamp t) {
    return present ? StatusRules.instant(t) : null;
  }
}
