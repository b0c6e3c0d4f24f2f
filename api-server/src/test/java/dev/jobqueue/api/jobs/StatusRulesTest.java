package dev.jobqueue.api.jobs;

import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.job.JobStatus;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatusRulesTest {
  private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00Z");
  private static final Failure SMTP_TRANSIENT =
      Failure.newBuilder()
          .setMessage("451 4.3.0 try later")
          .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("SmtpTransient"))
          .build();

  static Stream<Arguments> finished() {
    return Stream.of(
        Arguments.of(WORKFLOW_EXECUTION_STATUS_COMPLETED, JobStatus.SUCCEEDED, JobStatus.SUCCEEDED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_COMPLETED, null, JobStatus.SUCCEEDED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_CANCELED, JobStatus.CANCELLED, JobStatus.CANCELLED),
        Arguments.of(
            WORKFLOW_EXECUTION_STATUS_FAILED, JobStatus.DEAD_LETTERED, JobStatus.DEAD_LETTERED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_FAILED, JobStatus.RUNNING, JobStatus.DEAD_LETTERED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_FAILED, JobStatus.DISCARDED, JobStatus.DISCARDED),
        Arguments.of(
            WORKFLOW_EXECUTION_STATUS_TIMED_OUT, JobStatus.RUNNING, JobStatus.DEAD_LETTERED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_TERMINATED, JobStatus.QUEUED, JobStatus.CANCELLED),
        Arguments.of(
            WORKFLOW_EXECUTION_STATUS_TERMINATED, JobStatus.DISCARDED, JobStatus.DISCARDED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_COMPLETED, JobStatus.DISCARDED, JobStatus.DISCARDED),
        Arguments.of(WORKFLOW_EXECUTION_STATUS_CANCELED, JobStatus.DISCARDED, JobStatus.DISCARDED));
  }

  @ParameterizedTest(name = "{0} recorded as {1} is {2}")
  @MethodSource("finished")
  void readsAFinishedJobFromHowItsWorkflowEnded(
      WorkflowExecutionStatus execution, JobStatus recorded, JobStatus expected) {
    assertThat(StatusRules.closed(execution, recorded)).isEqualTo(expected);
  }

  private static PendingActivityInfo pending(
      PendingActivityState state, int attempt, Failure last) {
    var pending = PendingActivityInfo.newBuilder().setState(state).setAttempt(attempt);
    return last == null ? pending.build() : pending.setLastFailure(last).build();
  }

  static Stream<Arguments> open() {
    Instant inAnHour = STARTED.plus(Duration.ofHours(1));
    Instant now = STARTED.plus(Duration.ofMinutes(5));
    return Stream.of(
        Arguments.of(
            "delayed and not yet due",
            JobStatus.SCHEDULED,
            inAnHour,
            null,
            now,
            JobStatus.SCHEDULED),
        Arguments.of(
            "delayed and due, no worker",
            JobStatus.SCHEDULED,
            inAnHour,
            null,
            inAnHour.plusSeconds(1),
            JobStatus.QUEUED),
        Arguments.of(
            "not delayed, API clock behind",
            JobStatus.QUEUED,
            STARTED,
            null,
            STARTED.minusSeconds(2),
            JobStatus.QUEUED),
        Arguments.of(
            "started, no worker picked it up",
            JobStatus.QUEUED,
            STARTED,
            null,
            now,
            JobStatus.QUEUED),
        Arguments.of(
            "activity waiting for a worker",
            JobStatus.RUNNING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED, 1, null),
            now,
            JobStatus.QUEUED),
        Arguments.of(
            "attempt running",
            JobStatus.RUNNING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED, 1, null),
            now,
            JobStatus.RUNNING),
        Arguments.of(
            "second attempt running",
            JobStatus.RUNNING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED, 2, SMTP_TRANSIENT),
            now,
            JobStatus.RUNNING),
        Arguments.of(
            "waiting out a backoff",
            JobStatus.RUNNING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED, 3, SMTP_TRANSIENT),
            now,
            JobStatus.RETRYING),
        Arguments.of(
            "being cancelled",
            JobStatus.RUNNING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_CANCEL_REQUESTED, 1, null),
            now,
            JobStatus.RUNNING),
        Arguments.of(
            "between activity and completion",
            JobStatus.RUNNING,
            STARTED,
            null,
            now,
            JobStatus.RUNNING),
        Arguments.of(
            "retrying, next attempt scheduled",
            JobStatus.RETRYING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED, 2, null),
            now,
            JobStatus.RETRYING),
        Arguments.of(
            "retrying, next attempt running",
            JobStatus.RETRYING,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED, 2, SMTP_TRANSIENT),
            now,
            JobStatus.RUNNING),
        Arguments.of(
            "parked as a dead letter",
            JobStatus.DEAD_LETTERED,
            STARTED,
            null,
            now,
            JobStatus.DEAD_LETTERED),
        Arguments.of(
            "dead letter being compensated",
            JobStatus.DEAD_LETTERED,
            STARTED,
            pending(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED, 1, null),
            now,
            JobStatus.DEAD_LETTERED),
        Arguments.of("no attribute yet", null, STARTED, null, now, JobStatus.QUEUED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("open")
  void readsAnOpenJobFromItsAttributeScheduleAndActivity(
      String name,
      JobStatus recorded,
      Instant due,
      PendingActivityInfo pending,
      Instant now,
      JobStatus expected) {
    assertThat(StatusRules.open(recorded, STARTED, due, pending, now)).isEqualTo(expected);
  }

  @Test
  void namesAnApplicationFailureByItsType() {
    assertThat(StatusRules.lastError(SMTP_TRANSIENT))
        .isEqualTo(new LastError("SmtpTransient", "451 4.3.0 try later"));
  }

  @Test
  void namesATimeoutAsTheWorkflowDoesInItsErrorType() {
    var timeout =
        Failure.newBuilder()
            .setMessage("activity Heartbeat timeout")
            .setTimeoutFailureInfo(
                TimeoutFailureInfo.newBuilder().setTimeoutType(TimeoutType.TIMEOUT_TYPE_HEARTBEAT))
            .build();

    assertThat(StatusRules.lastError(timeout).type()).isEqualTo("TimeoutHeartbeat");
  }

  @Test
  void readsStatusNamesAndNothingElse() {
    assertThat(StatusRules.recorded("RETRYING")).isEqualTo(JobStatus.RETRYING);
    assertThat(StatusRules.recorded("retrying")).isNull();
    assertThat(StatusRules.recorded(null)).isNull();
  }
}
