package dev.jobqueue.api.jobs;

import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a job workflow's history events into the job's history, in the order Temporal recorded them
 * (see {@link #entries}). Statuses come from where the workflow decides them (the {@code JobStatus}
 * search attribute it upserts, its dead letter in the memo); attempts from the activity events and
 * from the {@code AttemptFailed} signals the fleets send for every failed attempt, since Temporal
 * records an activity's retries only as one started event (of its last attempt) and its final
 * failure.
 *
 * <p>Feed it the events of every run, oldest first, then the workflow's pending activities.
 */
final class HistoryEvents {
  static final String ATTEMPT_FAILED_SIGNAL = "AttemptFailed";

  private final DataConverter converter;
  private final List<HistoryEntry> entries = new ArrayList<>();
  private final Map<Long, String> activityTypes = new HashMap<>();
  private final Map<Long, Integer> startedAttempts = new HashMap<>();

  /** Scheduled activities not closed yet, by scheduled event id. */
  private final Set<Long> open = new LinkedHashSet<>();

  /** Where the current run of the work (since creation or the last redrive) begins in entries. */
  private int round;

  private JobStatus recorded;
  private DeadLetter letter;

  HistoryEvents(DataConverter converter) {
    this.converter = converter;
  }

  /**
   * Oldest first: in recorded order, except that an attempt's start, which Temporal writes only
   * once the attempt closes (after the fleet's report of its failure), goes where it began.
   */
  List<HistoryEntry> entries() {
    return List.copyOf(entries);
  }

  void accept(HistoryEvent event) {
    Instant at = StatusRules.instant(event.getEventTime());
    switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
        var started = event.getWorkflowExecutionStartedEventAttributes();
        JobStatus initial = status(started.getSearchAttributes().getIndexedFieldsMap());
        if (initial != null) {
          recorded = initial;
        }
        if (!started.getContinuedExecutionRunId().isEmpty()) {
          return; // a parked job carried into a new run: nothing happened to the job
        }
        entries.add(HistoryEntry.of(at, HistoryKind.CREATED));
        var backoff = started.getFirstWorkflowTaskBackoff();
        if (backoff.getSeconds() > 0 || backoff.getNanos() > 0) {
          Instant due = at.plusSeconds(backoff.getSeconds()).plusNanos(backoff.getNanos());
          entries.add(new HistoryEntry(at, HistoryKind.SCHEDULED, null, null, null, due));
        }
      }
      case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
        activityTypes.put(
            event.getEventId(),
            event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        open.add(event.getEventId());
      }
      case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
        var started = event.getActivityTaskStartedEventAttributes();
        startedAttempts.put(event.getEventId(), started.getAttempt());
        int where = entries.size();
        while (where > round && entries.get(where - 1).at().isAfter(at)) {
          where--;
        }
        entries.add(
            where,
            new HistoryEntry(
                at,
                HistoryKind.STARTED,
                started.getAttempt(),
                activityTypes.get(started.getScheduledEventId()),
                null,
                null));
      }
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
        var completed = event.getActivityTaskCompletedEventAttributes();
        open.remove(completed.getScheduledEventId());
        entries.add(
            new HistoryEntry(
                at,
                HistoryKind.COMPLETED,
                startedAttempts.get(completed.getStartedEventId()),
                activityTypes.get(completed.getScheduledEventId()),
                null,
                null));
      }
      case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
        var failed = event.getActivityTaskFailedEventAttributes();
        open.remove(failed.getScheduledEventId());
        finalFailure(
            at,
            failed.getScheduledEventId(),
            failed.getStartedEventId(),
            failed.getFailure(),
            failed.getRetryState());
      }
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
        var timedOut = event.getActivityTaskTimedOutEventAttributes();
        open.remove(timedOut.getScheduledEventId());
        finalFailure(
            at,
            timedOut.getScheduledEventId(),
            timedOut.getStartedEventId(),
            timedOut.getFailure(),
            timedOut.getRetryState());
      }
      case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
          open.remove(event.getActivityTaskCanceledEventAttributes().getScheduledEventId());
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
        var signal = event.getWorkflowExecutionSignaledEventAttributes();
        if (ATTEMPT_FAILED_SIGNAL.equals(signal.getSignalName())) {
          AttemptError error = decode(signal.getInput(), AttemptError.class);
          if (error != null) {
            attemptFailed(at, error, openActivity());
          }
        }
      }
      case EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED -> {
        var memo = event.getWorkflowPropertiesModifiedEventAttributes().getUpsertedMemo();
        Payload parked = memo.getFieldsMap().get(DeadLetter.MEMO_KEY);
        if (parked != null) {
          DeadLetter decoded = decode(parked, DeadLetter.class);
          if (decoded != null) {
            letter = decoded;
          }
        }
      }
      case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
        JobStatus next =
            status(
                event
                    .getUpsertWorkflowSearchAttributesEventAttributes()
                    .getSearchAttributes()
                    .getIndexedFieldsMap());
        if (next != null) {
          moved(at, next);
        }
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
          entries.add(HistoryEntry.of(at, HistoryKind.CANCEL_REQUESTED));
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
        // a job's workflow records how it ended before it completes; one from before that did not
        if (recorded != JobStatus.SUCCEEDED && recorded != JobStatus.DISCARDED) {
          entries.add(HistoryEntry.of(at, HistoryKind.SUCCEEDED));
        }
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> {
        // a cancelled dead letter is discarded, and says so first
        if (recorded != JobStatus.CANCELLED && recorded != JobStatus.DISCARDED) {
          entries.add(HistoryEntry.of(at, HistoryKind.CANCELLED));
        }
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
          entries.add(
              new HistoryEntry(
                  at,
                  HistoryKind.FAILED,
                  null,
                  null,
                  error(event.getWorkflowExecutionFailedEventAttributes().getFailure(), null),
                  null));
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
          entries.add(
              new HistoryEntry(
                  at,
                  HistoryKind.TIMED_OUT,
                  null,
                  null,
                  new HistoryError(
                      JobOutcomes.DEADLINE_EXCEEDED,
                      "the job did not finish before its deadline",
                      null),
                  null));
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
        String reason = event.getWorkflowExecutionTerminatedEventAttributes().getReason();
        entries.add(
            new HistoryEntry(
                at,
                HistoryKind.TERMINATED,
                null,
                null,
                new HistoryError("Terminated", reason.isEmpty() ? null : reason, null),
                null));
      }
      default -> {
        // timers, workflow tasks, markers, child workflows (callbacks): not the job's story
      }
    }
  }

  /**
   * The attempt under way, which the history does not show yet: Temporal writes an activity's
   * started event only once it closes. Its last failure is the previous attempt's, which a fleet
   * that crashed (a heartbeat timeout) never reported.
   */
  void pending(PendingActivityInfo pending, Instant now) {
    String activity = pending.getActivityType().getName();
    int attempt = pending.getAttempt();
    Instant lastDone =
        pending.hasLastAttemptCompleteTime()
            ? StatusRules.instant(pending.getLastAttemptCompleteTime())
            : now;
    if (attempt > 1 && pending.hasLastFailure() && findFailure(attempt - 1, activity) < 0) {
      entries.add(
          new HistoryEntry(
              lastDone,
              HistoryKind.ATTEMPT_FAILED,
              attempt - 1,
              activity,
              error(pending.getLastFailure(), null),
              null));
    }
    if (pending.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_SCHEDULED
        && attempt > 1) {
      entries.add(
          new HistoryEntry(
              lastDone,
              HistoryKind.RETRY_SCHEDULED,
              attempt,
              activity,
              null,
              pending.hasNextAttemptScheduleTime()
                  ? StatusRules.instant(pending.getNextAttemptScheduleTime())
                  : null));
    } else if (pending.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) {
      Instant started =
          pending.hasLastStartedTime() ? StatusRules.instant(pending.getLastStartedTime()) : now;
      entries.add(new HistoryEntry(started, HistoryKind.STARTED, attempt, activity, null, null));
    }
  }

  /** A fleet's report of one failed attempt; the error is the dead letter's own record. */
  private void attemptFailed(Instant at, AttemptError error, String activity) {
    int earlier = findFailure(error.attempt(), activity);
    if (earlier >= 0) {
      return;
    }
    entries.add(
        new HistoryEntry(
            at,
            HistoryKind.ATTEMPT_FAILED,
            error.attempt(),
            activity,
            new HistoryError(error.type(), error.message(), !error.retryable()),
            null));
  }

  /**
   * An activity's last attempt failed or timed out: Temporal's record of it, unless the fleet
   * reported that attempt already (then the report stands, and learns which activity it was).
   */
  private void finalFailure(
      Instant at, long scheduledId, long startedId, Failure failure, RetryState retryState) {
    String activity = activityTypes.get(scheduledId);
    Integer attempt = startedAttempts.get(startedId);
    int reported = attempt == null ? -1 : findFailure(attempt, activity);
    if (reported >= 0) {
      HistoryEntry entry = entries.get(reported);
      if (entry.activity() == null) {
        entries.set(
            reported,
            new HistoryEntry(
                entry.at(),
                entry.kind(),
                entry.attempt(),
                activity,
                entry.error(),
                entry.nextAt()));
      }
      return;
    }
    boolean nonRetryable = retryState == RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE;
    entries.add(
        new HistoryEntry(
            at, HistoryKind.ATTEMPT_FAILED, attempt, activity, error(failure, nonRetryable), null));
  }

  /** The job's status as the workflow recorded it moved to {@code next}. */
  private void moved(Instant at, JobStatus next) {
    JobStatus before = recorded;
    recorded = next;
    switch (next) {
      case DEAD_LETTERED -> {
        // the dead letter lists every attempt's error: those the history did not show (a job
        // given up on in its group before its workflow started) come from there
        if (letter != null) {
          for (AttemptError attempt : letter.attempts()) {
            if (findFailure(attempt.attempt(), null) < 0) {
              entries.add(
                  new HistoryEntry(
                      instant(attempt.failedAt(), at),
                      HistoryKind.ATTEMPT_FAILED,
                      attempt.attempt(),
                      null,
                      new HistoryError(attempt.type(), attempt.message(), !attempt.retryable()),
                      null));
            }
          }
        }
        HistoryError why =
            letter == null ? null : new HistoryError(letter.errorType(), letter.message(), null);
        entries.add(new HistoryEntry(at, HistoryKind.DEAD_LETTERED, null, null, why, null));
      }
      case QUEUED -> {
        if (before == JobStatus.DEAD_LETTERED) {
          entries.add(HistoryEntry.of(at, HistoryKind.REDRIVEN));
          round = entries.size();
          letter = null;
        }
      }
      case DISCARDED -> entries.add(HistoryEntry.of(at, HistoryKind.DISCARDED));
      case SUCCEEDED -> entries.add(HistoryEntry.of(at, HistoryKind.SUCCEEDED));
      case CANCELLED -> entries.add(HistoryEntry.of(at, HistoryKind.CANCELLED));
      case SCHEDULED, RUNNING, RETRYING -> {
        // written by workflows before version 1 too; the activity events say it better
      }
    }
  }

  /**
   * The entry of the current round (since the last redrive) that records attempt {@code attempt}
   * failing, of {@code activity} if both are known; -1 if none.
   */
  private int findFailure(int attempt, String activity) {
    for (int i = entries.size() - 1; i >= round; i--) {
      HistoryEntry entry = entries.get(i);
      if (entry.kind() == HistoryKind.ATTEMPT_FAILED
          && entry.attempt() != null
          && entry.attempt() == attempt
          && (activity == null || entry.activity() == null || activity.equals(entry.activity()))) {
        return i;
      }
    }
    return -1;
  }

  /** The one activity under way, whose attempt a fleet reports; null if none or several. */
  private String openActivity() {
    return open.size() == 1 ? activityTypes.get(open.iterator().next()) : null;
  }

  private static HistoryError error(Failure failure, Boolean nonRetryable) {
    LastError last = StatusRules.lastError(failure);
    boolean refused =
        failure.hasApplicationFailureInfo()
            && failure.getApplicationFailureInfo().getNonRetryable();
    return new HistoryError(
        last.type(),
        last.message(),
        nonRetryable == null ? null : Boolean.valueOf(nonRetryable || refused));
  }

  private static JobStatus status(Map<String, Payload> attributes) {
    Payload payload = attributes.get(JobSearchAttributes.JOB_STATUS.getName());
    if (payload == null) {
      return null;
    }
    try {
      // search attributes are encoded by the SDK's own converter, whatever the client's is
      String name =
          DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
      return StatusRules.recorded(name);
    } catch (DataConverterException e) {
      return null;
    }
  }

  private <T> T decode(Payloads payloads, Class<T> type) {
    return payloads.getPayloadsCount() == 0 ? null : decode(payloads.getPayloads(0), type);
  }

  private <T> T decode(Payload payload, Class<T> type) {
    try {
      return converter.fromPayload(payload, type, type);
    } catch (DataConverterException e) {
      return null; // sent by something else than our fleets: not part of the story
    }
  }

  private static Instant instant(String iso, Instant otherwise) {
    if (iso == null) {
      return otherwise;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return otherwise;
    }
  }
}
