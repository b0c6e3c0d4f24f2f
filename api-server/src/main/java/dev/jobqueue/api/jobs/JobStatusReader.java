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
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
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
  private final GroupedJobs groups;

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
    this.groups = new GroupedJobs(client, temporal, retry);
  }

  /**
   * The caller's job workflow, or 404: for a job that does not exist and for another tenant's
   * alike, so that job ids leak nothing across tenants. A coalesced email carried by its group has
   * no workflow of its own until it is parked as a dead letter: {@link #resolve} finds those.
   */
  public DescribedJob describe(JobRef ref) {
    if (resolve(ref) instanceof DescribedJob own) {
      return own;
    }
    throw ApiProblem.jobNotFound(ref.jobId());
  }

  /** The caller's job wherever it is carried: its own workflow, or a group's memo. */
  public FoundJob resolve(JobRef ref) {
    if (!JobIds.plausible(ref.jobId())) {
      throw ApiProblem.jobNotFound(ref.jobId());
    }
    var grouped = groups.find(ref);
    if (grouped != null && grouped.state().status() != JobStatus.DEAD_LETTERED) {
      return grouped;
    }
    try {
      var description = client.newUntypedWorkflowStub(ref.workflowId()).describe();
      var reserved = groups.reserved(ref, description);
      if (reserved != null) {
        return reserved;
      }
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

  /** The status document of the caller's job, wherever it is carried. */
  public JobStatusDocument read(JobRef ref) {
    return switch (resolve(ref)) {
      case DescribedJob own -> document(own);
      case GroupedJobs.GroupedJob grouped -> groups.document(grouped);
    };
  }

  public Instant now() {
    return clock.instant();
  }

  /** The retry budget a job of {@code type} starts with. */
  int maxAttempts(JobType type) {
    return retry.of(type).maxAttempts();
  }

  /** The job's status document, read step by step from what Temporal recorded. */
  public JobStatusDocument document(DescribedJob job) {
    var seen = new Seen(job, clock.instant());
    var links = JobLinks.of(job.ref(), temporal);
    return new JobStatusDocument(
        job.ref().jobId(),
        job.type().wireName(),
        seen.status,
        attempt(seen),
        maxAttempts(seen),
        progress(seen),
        lastError(seen),
        job.createdAt(),
        updatedAt(seen),
        runAt(seen),
        nextAttemptAt(seen),
        job.description().getRawDescription().getWorkflowExtendedInfo().getCancelRequested(),
        seen.status == JobStatus.SUCCEEDED && !job.isOpen() ? summary(job, links) : null,
        job.ref().workflowId(),
        links);
  }

  /** What one describe of the job shows, as of {@code now}. */
  private static final class Seen {
    final DescribedJob job;
    final Instant now;
    final WorkflowExecutionInfo info;
    final JobStatus status;
    final Instant started;

    /**
     * The job's activity while it does the job's work; once the workflow has decided (a dead letter
     * being compensated, say), a pending activity is not the job's work any more.
     */
    final PendingActivityInfo work;

    Seen(DescribedJob job, Instant now) {
      this.job = job;
      this.now = now;
      this.info = job.description().getWorkflowExecutionInfo();
      this.status = job.status(now);
      this.started = StatusRules.startTime(info);
      this.work = job.isOpen() && !StatusRules.decided(status) ? job.pending() : null;
    }

    /** When the job became due, if it has: a scheduled job's start, or the workflow's. */
    Instant dueBy() {
      Instant due = StatusRules.executionTime(info);
      return due != null && !due.isAfter(now) ? due : null;
    }
  }

  /** Attempts started, from the activity; 0 while waiting; a finished job's from its history. */
  private Integer attempt(Seen seen) {
    if (seen.work != null) {
      return attemptsStarted(seen.work);
    }
    if (seen.status == JobStatus.QUEUED || seen.status == JobStatus.SCHEDULED) {
      return 0;
    }
    return outcomes.attempts(seen.job, seen.status);
  }

  /** The running activity's budget; before one runs, the budget its type is given. */
  private Integer maxAttempts(Seen seen) {
    return seen.work != null ? budget(seen.work) : Integer.valueOf(maxAttempts(seen.job.type()));
  }

  /** A batch's from the batch store (its chunks heartbeat their own); else the heartbeat's. */
  private Progress progress(Seen seen) {
    if (seen.job.type() == JobType.EMAIL_BATCH) {
      return batches.progress(seen.job.batch());
    }
    return seen.work != null ? progress(seen.work) : null;
  }

  /** The running activity's last failure; else the dead letter's, or how the workflow ended. */
  private LastError lastError(Seen seen) {
    return seen.work != null ? failure(seen.work) : outcomes.lastError(seen.job, seen.status);
  }

  /** The close; while open, the latest sign of life of the job's work. */
  private static Instant updatedAt(Seen seen) {
    if (seen.info.hasCloseTime()) {
      return StatusRules.instant(seen.info.getCloseTime());
    }
    PendingActivityInfo work = seen.work;
    if (work == null) {
      return StatusRules.latest(seen.started, seen.dueBy());
    }
    return StatusRules.latest(
        seen.started,
        seen.dueBy(),
        time(work.hasLastStartedTime(), work.getLastStartedTime()),
        time(work.hasLastHeartbeatTime(), work.getLastHeartbeatTime()),
        time(work.hasLastAttemptCompleteTime(), work.getLastAttemptCompleteTime()));
  }

  /** When a job started with a delay is (or was) due; null for one started to run at once. */
  private static Instant runAt(Seen seen) {
    Instant due = StatusRules.executionTime(seen.info);
    return due != null && seen.started != null && due.isAfter(seen.started) ? due : null;
  }

  /** When a retrying job's next attempt is scheduled. */
  private static Instant nextAttemptAt(Seen seen) {
    PendingActivityInfo work = seen.work;
    return work != null && seen.status == JobStatus.RETRYING && work.hasNextAttemptScheduleTime()
        ? StatusRules.instant(work.getNextAttemptScheduleTime())
        : null;
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
