package dev.jobqueue.api.jobs;

import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.List;

/** How a job ended, or why it is parked: from its workflow's memo and close event. */
final class JobOutcomes {
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

  private final WorkflowClient client;

  JobOutcomes(WorkflowClient client) {
    this.client = client;
  }

  /** What the workflow returned: a SendEmailResult or a ReportResult. */
  Object result(DescribedJob job) {
    return client
        .newUntypedWorkflowStub(job.ref().workflowId())
        .getResult(JobTypes.resultClass(job.type()));
  }

  /**
   * Why a job did not succeed: its dead letter (kept in the memo by its workflow), its deadline, or
   * the failure it ended with; null if nothing failed.
   */
  LastError lastError(DescribedJob job, JobStatus status) {
    var letter = (DeadLetter) job.description().getMemo(DeadLetter.MEMO_KEY, DeadLetter.class);
    if (letter != null && (status == JobStatus.DEAD_LETTERED || status == JobStatus.DISCARDED)) {
      return new LastError(letter.errorType(), letter.message());
    }
    var execution = job.description().getWorkflowExecutionInfo().getStatus();
    if (execution == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT) {
      return new LastError(DEADLINE_EXCEEDED, "the job did not finish before its deadline");
    }
    if (execution != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
      return null;
    }
    try {
      client.newUntypedWorkflowStub(job.ref().workflowId()).getResult(Object.class);
      return null;
    } catch (WorkflowFailedException e) {
      String recorded =
          job.description().getTypedSearchAttributes().get(JobSearchAttributes.ERROR_TYPE);
      return of(e.getCause(), recorded);
    }
  }

  /**
   * How many attempts a finished or parked job took: a dead letter lists them; a succeeded job's
   * last completed activity says which attempt it was (from its history, a few dozen events for a
   * job that succeeded). Null when neither tells.
   */
  Integer attempts(DescribedJob job, JobStatus status) {
    var letter = (DeadLetter) job.description().getMemo(DeadLetter.MEMO_KEY, DeadLetter.class);
    if (letter != null && (status == JobStatus.DEAD_LETTERED || status == JobStatus.DISCARDED)) {
      return letter.attempts().isEmpty() ? null : letter.attempts().getLast().attempt();
    }
    if (status != JobStatus.SUCCEEDED) {
      return null;
    }
    List<HistoryEvent> events = client.fetchHistory(job.ref().workflowId()).getEvents();
    long startedEventId = -1;
    for (HistoryEvent event : events.reversed()) {
      if (startedEventId < 0 && event.hasActivityTaskCompletedEventAttributes()) {
        startedEventId = event.getActivityTaskCompletedEventAttributes().getStartedEventId();
      } else if (event.getEventId() == startedEventId
          && event.hasActivityTaskStartedEventAttributes()) {
        return event.getActivityTaskStartedEventAttributes().getAttempt();
      }
    }
    return null;
  }

  /** The innermost failure's type and message; {@code recorded} wins for the type if set. */
  static LastError of(Throwable failure, String recorded) {
    Throwable root = failure;
    while ((root instanceof ActivityFailure || root instanceof ChildWorkflowFailure)
        && root.getCause() != null) {
      root = root.getCause();
    }
    String type =
        recorded != null
            ? recorded
            : root instanceof ApplicationFailure app
                ? app.getType()
                : root instanceof TimeoutFailure timeout
                    ? StatusRules.timeoutType(timeout.getTimeoutType().name())
                    : root == null ? "Unknown" : root.getClass().getSimpleName();
    String message =
        root instanceof TemporalFailure temporal
            ? temporal.getOriginalMessage()
            : root == null ? "" : root.getMessage();
    return new LastError(type, message);
  }
}
