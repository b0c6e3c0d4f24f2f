package dev.jobqueue.api.jobs;

import com.google.protobuf.Timestamp;
import dev.jobqueue.job.FailureTypes;
import dev.jobqueue.job.JobStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A job's status, from what Temporal records about its workflow: the one place it is decided. The
 * execution's own state and its pending activity say whether the job is scheduled, queued, running
 * or retrying and whether the workflow has ended; the {@code JobStatus} search attribute carries
 * only what the workflow alone decides (succeeded, cancelled, parked as a dead letter, queued again
 * by a redrive, discarded). Workflows recorded before that rule also wrote RUNNING and RETRYING
 * there; those values are read the same way.
 */
final class StatusRules {
  /** Statuses only the workflow knows; while it still runs (compensating, parked) they stand. */
  private static final Set<JobStatus> DECIDED =
      EnumSet.of(
          JobStatus.SUCCEEDED, JobStatus.CANCELLED, JobStatus.DEAD_LETTERED, JobStatus.DISCARDED);

  private StatusRules() {}

  /** True once the workflow has decided how the job ends (it may still be running to get there). */
  static boolean decided(JobStatus status) {
    return DECIDED.contains(status);
  }

  /** The status of a finished workflow. */
  static JobStatus closed(WorkflowExecutionStatus execution, JobStatus recorded) {
    if (recorded == JobStatus.DISCARDED) {
      // a discarded dead letter ends however the discard ended it: completed, cancelled, ...
      return JobStatus.DISCARDED;
    }
    return switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> JobStatus.SUCCEEDED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED ->
          JobStatus.CANCELLED;
      case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT ->
          JobStatus.DEAD_LETTERED;
      default -> recorded == null ? JobStatus.QUEUED : recorded;
    };
  }

  /**
   * The status of a workflow that is still open; {@code pending} may be null. A job is SCHEDULED
   * while it was started with a delay that has not run out; the first half is the server's own
   * record, so clocks that differ between API and server matter only around the due time.
   */
  static JobStatus open(
      JobStatus recorded,
      Instant startTime,
      Instant executionTime,
      PendingActivityInfo pending,
      Instant now) {
    if (recorded != null && DECIDED.contains(recorded)) {
      return recorded;
    }
    boolean notYetDue =
        executionTime != null
            && startTime != null
            && executionTime.isAfter(startTime)
            && executionTime.isAfter(now);
    if (notYetDue
        && pending == null
        && (recorded == null || recorded == JobStatus.SCHEDULED || recorded == JobStatus.QUEUED)) {
      return JobStatus.SCHEDULED;
    }
    if (pending != null) {
      return switch (pending.getState()) {
        case PENDING_ACTIVITY_STATE_SCHEDULED ->
            pending.getAttempt() > 1 && (pending.hasLastFailure() || recorded == JobStatus.RETRYING)
                ? JobStatus.RETRYING
                : JobStatus.QUEUED;
        default -> JobStatus.RUNNING;
      };
    }
    return recorded == JobStatus.RUNNING || recorded == JobStatus.RETRYING
        ? recorded
        : JobStatus.QUEUED;
  }

  /**
   * The status from a visibility record, which has no pending activities: a lighter answer that
   * trusts the search attribute (RETRYING until the next attempt ends, say).
   */
  static JobStatus fromVisibility(WorkflowExecutionInfo info, JobStatus recorded, Instant now) {
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return closed(info.getStatus(), recorded);
    }
    return open(recorded, startTime(info), executionTime(info), null, now);
  }

  /** The {@code JobStatus} search attribute's value; null if absent or not a status. */
  static JobStatus recorded(String attribute) {
    return Arrays.stream(JobStatus.values())
        .filter(s -> s.name().equals(attribute))
        .findFirst()
        .orElse(null);
  }

  static LastError lastError(Failure failure) {
    String type;
    if (failure.hasApplicationFailureInfo()
        && !failure.getApplicationFailureInfo().getType().isEmpty()) {
      type = failure.getApplicationFailureInfo().getType();
    } else if (failure.hasTimeoutFailureInfo()) {
      type = timeoutType(failure.getTimeoutFailureInfo().getTimeoutType().name());
    } else if (failure.hasCanceledFailureInfo()) {
      type = "Cancelled";
    } else if (failure.hasServerFailureInfo()) {
      type = "ServerFailure";
    } else {
      type = "Unknown";
    }
    return new LastError(type, failure.getMessage());
  }

  /**
   * {@code TimeoutHeartbeat} for {@code TIMEOUT_TYPE_HEARTBEAT}: how the workflows name a timed-out
   * attempt in the {@code ErrorType} search attribute and in dead letters.
   */
  static String timeoutType(String enumName) {
    return FailureTypes.timeoutName(enumName);
  }

  /**
   * When the job was created: its workflow's start, or, for a run it continued as (a long-parked
   * dead letter), the first run's start, which the workflow keeps in its memo.
   */
  static Instant createdAt(Instant runStarted, String memoCreatedAt) {
    return memoCreatedAt == null ? runStarted : Instant.parse(memoCreatedAt);
  }

  static Instant startTime(WorkflowExecutionInfo info) {
    return info.hasStartTime() ? instant(info.getStartTime()) : null;
  }

  static Instant executionTime(WorkflowExecutionInfo info) {
    return info.hasExecutionTime() ? instant(info.getExecutionTime()) : null;
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** The latest of the times given, skipping nulls. */
  static Instant latest(Instant... times) {
    Instant latest = null;
    for (Instant t : times) {
      if (t != null && (latest == null || t.isAfter(latest))) {
        latest = t;
      }
    }
    return latest;
  }
}
