package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.email.EmailGroup;
import dev.jobqueue.email.GroupedJobState;
import dev.jobqueue.email.KeyReservation;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Instant;

/**
 * Coalesced email jobs, read from the group workflow that carries them: its memo holds each job's
 * state, kept by the group, so the answer needs no worker. A job is found by its id: {@code
 * <group>~<n>} names its group; an Idempotency-Key's job id names a key reservation, whose memo
 * points at the group.
 */
public final class GroupedJobs {
  private static final String RESERVATION_TYPE = "KeyReservation";

  private final WorkflowClient client;
  private final TemporalConfig temporal;
  private final RetryConfig retry;

  public GroupedJobs(WorkflowClient client, TemporalConfig temporal, RetryConfig retry) {
    this.client = client;
    this.temporal = temporal;
    this.retry = retry;
  }

  /** A coalesced job: where it is carried and what the group last recorded of it. */
  public record GroupedJob(
      JobRef ref, String groupWorkflowId, int index, GroupedJobState state, Instant createdAt)
      implements FoundJob {}

  /** The coalesced job {@code ref} names, or null when it names a job of its own. */
  public GroupedJob find(JobRef ref) {
    String group = EmailGroup.groupOf(ref.jobId());
    if (group != null) {
      return inGroup(
          ref, EmailGroup.workflowId(ref.tenant(), group), EmailGroup.indexOf(ref.jobId()));
    }
    return null;
  }

  /**
   * The coalesced job a key reservation points at; null if {@code description} is not a
   * reservation.
   */
  public GroupedJob reserved(JobRef ref, WorkflowExecutionDescription description) {
    if (!RESERVATION_TYPE.equals(description.getWorkflowType())) {
      return null;
    }
    String group = description.getMemo(KeyReservation.GROUP_MEMO_KEY, String.class, String.class);
    Integer index =
        description.getMemo(KeyReservation.INDEX_MEMO_KEY, Integer.class, Integer.class);
    if (group == null || index == null) {
      throw ApiProblem.jobNotFound(ref.jobId());
    }
    return inGroup(ref, group, index);
  }

  /** The request hash a reservation holds, for a replay's comparison. */
  public static String reservedHash(WorkflowExecutionDescription description) {
    return description.getMemo(JobMemo.REQUEST_HASH, String.class, String.class);
  }

  private GroupedJob inGroup(JobRef ref, String groupWorkflowId, int index) {
    if (index < 0 || !groupWorkflowId.startsWith(ref.tenant() + "/")) {
      throw ApiProblem.jobNotFound(ref.jobId());
    }
    try {
      var description = client.newUntypedWorkflowStub(groupWorkflowId).describe();
      var state =
          description.getMemo(
              GroupedJobState.memoKey(index), GroupedJobState.class, GroupedJobState.class);
      if (state == null) {
        throw ApiProblem.jobNotFound(ref.jobId());
      }
      if (!description.getWorkflowExecutionInfo().hasCloseTime()
          || state.status().isTerminal()
          || state.status() == JobStatus.DEAD_LETTERED) {
        return new GroupedJob(ref, groupWorkflowId, index, state, startTime(description));
      }
      // the group ended without this job ending (it was stopped from outside): not sent
      return new GroupedJob(
          ref,
          groupWorkflowId,
          index,
          new GroupedJobState(
              state.jobId(),
              JobStatus.CANCELLED,
              state.attempt(),
              state.errorType(),
              state.error(),
              state.updatedAt(),
              null,
              state.requestHash(),
              null,
              state.cancelRequested()),
          startTime(description));
    } catch (WorkflowNotFoundException e) {
      throw ApiProblem.jobNotFound(ref.jobId());
    }
  }

  private static Instant startTime(WorkflowExecutionDescription description) {
    var info = description.getWorkflowExecutionInfo();
    return info.hasStartTime() ? StatusRules.instant(info.getStartTime()) : null;
  }

  /** The job's status document, as for a job of its own. */
  public JobStatusDocument document(GroupedJob job) {
    GroupedJobState state = job.state();
    var links = JobLinks.of(job.ref(), job.groupWorkflowId(), temporal);
    Instant updated =
        state.updatedAt() == null ? job.createdAt() : Instant.parse(state.updatedAt());
    return new JobStatusDocument(
        job.ref().jobId(),
        JobType.EMAIL.wireName(),
        state.status(),
        state.attempt(),
        retry.of(JobType.EMAIL).maxAttempts(),
        null,
        state.errorType() == null ? null : new LastError(state.errorType(), state.error()),
        job.createdAt(),
        updated,
        null,
        state.nextAttemptAt() == null ? null : Instant.parse(state.nextAttemptAt()),
        state.cancelRequested(),
        state.status() == JobStatus.SUCCEEDED ? state.result() : null,
        job.groupWorkflowId(),
        links);
  }
}
