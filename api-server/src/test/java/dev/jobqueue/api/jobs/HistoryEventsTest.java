package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.Redrive;
import io.temporal.api.common.v1.ActivityType;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.ActivityTaskCompletedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskFailedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCanceledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionCompletedEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.history.v1.WorkflowPropertiesModifiedEventAttributes;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job's history read from constructed workflow histories, as our workflows record them. */
class HistoryEventsTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String SEND = "SendEmail";

  /** Builds a history, one event a second from T0, numbering the events. */
  private static final class History {
    private final List<HistoryEvent.Builder> events = new java.util.ArrayList<>();

    long add(EventType type, java.util.function.Consumer<HistoryEvent.Builder> attributes) {
      var event =
          HistoryEvent.newBuilder()
              .setEventId(events.size() + 1)
              .setEventType(type)
              .setEventTime(at(events.size()));
      attributes.accept(event);
      events.add(event);
      return event.getEventId();
    }

    List<HistoryEntry> read(PendingActivityInfo... pending) {
      var mapping = new HistoryEvents(CONVERTER);
      events.forEach(event -> mapping.accept(event.build()));
      for (PendingActivityInfo info : pending) {
        mapping.pending(info, T0.plusSeconds(1_000));
      }
      return mapping.entries();
    }

    void started(String status, String continuedFrom, long delaySeconds) {
      add(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
          e ->
              e.setWorkflowExecutionStartedEventAttributes(
                  WorkflowExecutionStartedEventAttributes.newBuilder()
                      .setContinuedExecutionRunId(continuedFrom)
                      .setFirstWorkflowTaskBackoff(
                          com.google.protobuf.Duration.newBuilder().setSeconds(delaySeconds))
                      .setSearchAttributes(status(status))));
    }

    long scheduled(String activity) {
      return add(
          EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
          e ->
              e.setActivityTaskScheduledEventAttributes(
                  ActivityTaskScheduledEventAttributes.newBuilder()
                      .setActivityType(ActivityType.newBuilder().setName(activity))));
    }

    /** Written when the attempt closes, but timed when it began: as soon as it was scheduled. */
    long activityStarted(long scheduled, int attempt) {
      return add(
          EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
          e ->
              e.setEventTime(at(scheduled - 1))
                  .setActivityTaskStartedEventAttributes(
                      ActivityTaskStartedEventAttributes.newBuilder()
                          .setScheduledEventId(scheduled)
                          .setAttempt(attempt)));
    }

    void completed(long scheduled, long started) {
      add(
          EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
          e ->
              e.setActivityTaskCompletedEventAttributes(
                  ActivityTaskCompletedEventAttributes.newBuilder()
                      .setScheduledEventId(scheduled)
                      .setStartedEventId(started)));
    }

    void failed(long scheduled, long started, Failure failure, RetryState state) {
      add(
          EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
          e ->
              e.setActivityTaskFailedEventAttributes(
                  ActivityTaskFailedEventAttributes.newBuilder()
                      .setScheduledEventId(scheduled)
                      .setStartedEventId(started)
                      .setFailure(failure)
                      .setRetryState(state)));
    }

    void signal(String name, Object input) {
      add(
          EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
          e ->
              e.setWorkflowExecutionSignaledEventAttributes(
                  WorkflowExecutionSignaledEventAttributes.newBuilder()
                      .setSignalName(name)
                      .setInput(Payloads.newBuilder().addPayloads(payload(input)))));
    }

    void attemptFailed(int attempt, String type, String message, boolean retryable) {
      signal(
          HistoryEvents.ATTEMPT_FAILED_SIGNAL,
          new AttemptError(attempt, type, message, retryable, T0.toString()));
    }

    void parked(DeadLetter letter) {
      add(
          EventType.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED,
          e ->
              e.setWorkflowPropertiesModifiedEventAttributes(
                  WorkflowPropertiesModifiedEventAttributes.newBuilder()
                      .setUpsertedMemo(
                          Memo.newBuilder().putFields(DeadLetter.MEMO_KEY, payload(letter)))));
      upsert(
          SearchAttributes.newBuilder()
              .putIndexedFields(
                  JobSearchAttributes.ERROR_TYPE.getName(), payload(letter.errorType()))
              .build());
      recordStatus("DEAD_LETTERED");
    }

    void recordStatus(String status) {
      upsert(status(status));
    }

    void upsert(SearchAttributes attributes) {
      add(
          EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
          e ->
              e.setUpsertWorkflowSearchAttributesEventAttributes(
                  UpsertWorkflowSearchAttributesEventAttributes.newBuilder()
                      .setSearchAttributes(attributes)));
    }

    private static SearchAttributes status(String status) {
      var attributes = SearchAttributes.newBuilder();
      if (status != null) {
        attributes.putIndexedFields(JobSearchAttributes.JOB_STATUS.getName(), payload(status));
      }
      return attributes.build();
    }
  }

  private static Timestamp at(long seconds) {
    return Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + seconds).build();
  }

  private static Payload payload(Object value) {
    return CONVERTER.toPayload(value).orElseThrow();
  }

  private static Failure application(String type, String message, boolean nonRetryable) {
    return Failure.newBuilder()
        .setMessage(message)
        .setApplicationFailureInfo(
            ApplicationFailureInfo.newBuilder().setType(type).setNonRetryable(nonRetryable))
        .build();
  }

  @Test
  void showsABouncedEmailsFailedAttemptItsDeadLetterAndTheRedriveThatDeliveredIt() {
    var history = new History();
    history.started("QUEUED", "", 0);
    long first = history.scheduled(SEND);
    // the fleet reports the attempt before Temporal records it failing
    history.attemptFailed(1, "SmtpRejected", "550 5.1.1 no such user", false);
    long started = history.activityStarted(first, 1);
    history.failed(
        first,
        started,
        application("SmtpRejected", "550 5.1.1 no such user", true),
        RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE);
    history.parked(
        new DeadLetter(
            "SmtpRejected",
            "550 5.1.1 no such user",
            List.of(new AttemptError(1, "SmtpRejected", "550 5.1.1 no such user", false, "x")),
            T0.toString(),
            T0.toString(),
            0));
    history.signal("Redrive", new Redrive<>(null));
    history.recordStatus("QUEUED");
    long second = history.scheduled(SEND);
    long again = history.activityStarted(second, 1);
    history.completed(second, again);
    history.recordStatus("SUCCEEDED");
    history.add(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        e ->
            e.setWorkflowExecutionCompletedEventAttributes(
                WorkflowExecutionCompletedEventAttributes.getDefaultInstance()));

    var entries = history.read();

    assertThat(entries)
        .extracting(HistoryEntry::kind, HistoryEntry::attempt, HistoryEntry::activity)
        .containsExactly(
            tuple(HistoryKind.CREATED, null, null),
            tuple(HistoryKind.STARTED, 1, SEND),
            tuple(HistoryKind.ATTEMPT_FAILED, 1, SEND),
            tuple(HistoryKind.DEAD_LETTERED, null, null),
            tuple(HistoryKind.REDRIVEN, null, null),
            tuple(HistoryKind.STARTED, 1, SEND),
            tuple(HistoryKind.COMPLETED, 1, SEND),
            tuple(HistoryKind.SUCCEEDED, null, null));
    assertThat(entries.get(2).error())
        .isEqualTo(new HistoryError("SmtpRejected", "550 5.1.1 no such user", true));
    assertThat(entries.get(3).error())
        .isEqualTo(new HistoryError("SmtpRejected", "550 5.1.1 no such user", null));
    assertThat(entries).extracting(HistoryEntry::at).isSorted();
  }

  @Test
  void listsEveryRetriedAttemptFromTheFleetsReportsAndTheRetryUnderWay() {
    var history = new History();
    history.started(null, "", 0);
    history.scheduled(SEND);
    history.attemptFailed(1, "SmtpTransient", "451 4.3.0 try later", true);
    history.attemptFailed(2, "SmtpTransient", "451 4.3.1 still later", true);
    var pending =
        PendingActivityInfo.newBuilder()
            .setActivityType(ActivityType.newBuilder().setName(SEND))
            .setState(PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED)
            .setAttempt(3)
            .setLastFailure(application("SmtpTransient", "451 4.3.1 still later", false))
            .setLastAttemptCompleteTime(at(10))
            .setNextAttemptScheduleTime(at(14))
            .build();

    var entries = history.read(pending);

    assertThat(entries)
        .extracting(
            HistoryEntry::kind,
            HistoryEntry::attempt,
            e -> e.error() == null ? null : e.error().message())
        .containsExactly(
            tuple(HistoryKind.CREATED, null, null),
            tuple(HistoryKind.ATTEMPT_FAILED, 1, "451 4.3.0 try later"),
            tuple(HistoryKind.ATTEMPT_FAILED, 2, "451 4.3.1 still later"),
            tuple(HistoryKind.RETRY_SCHEDULED, 3, null));
    assertThat(entries.get(1).activity()).isEqualTo(SEND); // the one activity under way
    assertThat(entries.get(1).error().nonRetryable()).isFalse();
    assertThat(entries.getLast().nextAt()).isEqualTo(T0.plusSeconds(14));
  }

  @Test
  void showsTheAttemptOfACrashedWorkerThatNobodyReportedFromTheRunningAttemptsLastFailure() {
    var history = new History();
    history.started(null, "", 0);
    history.scheduled("RenderReport");
    var running =
        PendingActivityInfo.newBuilder()
            .setActivityType(ActivityType.newBuilder().setName("RenderReport"))
            .setState(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
            .setAttempt(2)
            .setLastFailure(
                Failure.newBuilder()
                    .setMessage("activity Heartbeat timeout")
                    .setTimeoutFailureInfo(
                        TimeoutFailureInfo.newBuilder()
                            .setTimeoutType(TimeoutType.TIMEOUT_TYPE_HEARTBEAT)))
            .setLastAttemptCompleteTime(at(40))
            .setLastStartedTime(at(41))
            .build();

    var entries = history.read(running);

    assertThat(entries)
        .extracting(HistoryEntry::kind, HistoryEntry::attempt, HistoryEntry::activity)
        .containsExactly(
            tuple(HistoryKind.CREATED, null, null),
            tuple(HistoryKind.ATTEMPT_FAILED, 1, "RenderReport"),
            tuple(HistoryKind.STARTED, 2, "RenderReport"));
    assertThat(entries.get(1).error().type()).isEqualTo("TimeoutHeartbeat");
  }

  @Test
  void takesAnAttemptThatTimedOutUnreportedFromTemporalsRecord() {
    var history = new History();
    history.started(null, "", 0);
    long scheduled = history.scheduled("RenderReport");
    long started = history.activityStarted(scheduled, 3);
    history.add(
        EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
        e ->
            e.setActivityTaskTimedOutEventAttributes(
                ActivityTaskTimedOutEventAttributes.newBuilder()
                    .setScheduledEventId(scheduled)
                    .setStartedEventId(started)
                    .setRetryState(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED)
                    .setFailure(
                        Failure.newBuilder()
                            .setMessage("activity StartToClose timeout")
                            .setTimeoutFailureInfo(
                                TimeoutFailureInfo.newBuilder()
                                    .setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)))));

    var failed = history.read().getLast();

    assertThat(failed.kind()).isEqualTo(HistoryKind.ATTEMPT_FAILED);
    assertThat(failed.attempt()).isEqualTo(3);
    assertThat(failed.error())
        .isEqualTo(new HistoryError("TimeoutStartToClose", "activity StartToClose timeout", false));
  }

  @Test
  void showsADelayedJobAsScheduledUntilItIsDue() {
    var history = new History();
    history.started("SCHEDULED", "", 3_600);

    var entries = history.read();

    assertThat(entries)
        .extracting(HistoryEntry::kind)
        .containsExactly(HistoryKind.CREATED, HistoryKind.SCHEDULED);
    assertThat(entries.get(1).nextAt()).isEqualTo(T0.plusSeconds(3_600));
  }

  @Test
  void listsTheAttemptsOfAJobGivenUpOnInItsGroupFromItsDeadLetter() {
    var history = new History();
    history.started("RUNNING", "", 0);
    history.parked(
        new DeadLetter(
            "SmtpTransient",
            "retry budget spent",
            List.of(
                new AttemptError(1, "SmtpTransient", "451 one", true, "2026-03-01T09:00:00Z"),
                new AttemptError(2, "SmtpTransient", "451 two", true, "2026-03-01T09:30:00Z")),
            T0.toString(),
            T0.toString(),
            0));

    var entries = history.read();

    assertThat(entries)
        .extracting(HistoryEntry::kind, HistoryEntry::attempt)
        .containsExactly(
            tuple(HistoryKind.CREATED, null),
            tuple(HistoryKind.ATTEMPT_FAILED, 1),
            tuple(HistoryKind.ATTEMPT_FAILED, 2),
            tuple(HistoryKind.DEAD_LETTERED, null));
    assertThat(entries.get(2).error().message()).isEqualTo("451 two");
  }

  @Test
  void aContinuedRunOfAParkedJobIsNoNewJobAndADiscardEndsIt() {
    var history = new History();
    history.started("DEAD_LETTERED", "the-run-before", 0);
    history.signal("Discard", new dev.jobqueue.job.Discard("no longer wanted"));
    history.recordStatus("DISCARDED");
    history.add(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
        e ->
            e.setWorkflowExecutionCompletedEventAttributes(
                WorkflowExecutionCompletedEventAttributes.getDefaultInstance()));

    assertThat(history.read())
        .extracting(HistoryEntry::kind)
        .containsExactly(HistoryKind.DISCARDED);
  }

  @Test
  void aCancelledJobIsCancelledOnce() {
    var history = new History();
    history.started(null, "", 0);
    history.add(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
        e ->
            e.setWorkflowExecutionCancelRequestedEventAttributes(
                WorkflowExecutionCancelRequestedEventAttributes.getDefaultInstance()));
    history.recordStatus("CANCELLED");
    history.add(
        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
        e ->
            e.setWorkflowExecutionCanceledEventAttributes(
                WorkflowExecutionCanceledEventAttributes.getDefaultInstance()));

    assertThat(history.read())
        .extracting(HistoryEntry::kind)
        .containsExactly(HistoryKind.CREATED, HistoryKind.CANCEL_REQUESTED, HistoryKind.CANCELLED);
  }
}
