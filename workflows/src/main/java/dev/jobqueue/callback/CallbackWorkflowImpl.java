package dev.jobqueue.callback;

import dev.jobqueue.ErrorType;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.FailureTypes;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.Redrive;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

public class CallbackWorkflowImpl implements CallbackWorkflow {
  private static final Logger LOG = Workflow.getLogger(CallbackWorkflowImpl.class);

  private final CallbackActivities delivery =
      Workflow.newActivityStub(CallbackActivities.class, CallbackOptions.DELIVER_CALLBACK);
  private boolean parked;
  private Redrive<Object> redrive;
  private Discard discard;

  @Override
  public void deliver(CallbackRequest request) {
    for (int redrives = 0; ; redrives++) {
      try {
        delivery.deliver(request);
        if (redrives > 0) {
          Workflow.upsertTypedSearchAttributes(
              JobSearchAttributes.JOB_STATUS.valueSet(JobStatus.SUCCEEDED.name()));
        }
        return;
      } catch (ActivityFailure e) {
        if (!park(request, why(e), redrives)) {
          return;
        }
      }
    }
  }

  /**
   * Parks the callback where the dead-letter API finds it: the job's type and tenant, {@code
   * DEAD_LETTERED} with {@code CallbackFailed}, the dead letter in the memo. True when redriven.
   */
  private boolean park(CallbackRequest request, String message, int redrives) {
    long now = Workflow.currentTimeMillis();
    Duration retention = retention();
    var letter =
        new DeadLetter(
            ErrorType.CallbackFailed.name(),
            "the callback to "
                + request.url()
                + " (delivery "
                + request.deliveryId()
                + ") was not accepted: "
                + message,
            List.of(),
            Instant.ofEpochMilli(now).toString(),
            Instant.ofEpochMilli(now).plus(retention).toString(),
            redrives);
    Workflow.upsertMemo(Map.of(DeadLetter.MEMO_KEY, letter));
    Workflow.upsertTypedSearchAttributes(
        JobSearchAttributes.JOB_TYPE.valueSet(request.document().type()),
        JobSearchAttributes.TENANT.valueSet(request.job().tenant()),
        JobSearchAttributes.JOB_STATUS.valueSet(JobStatus.DEAD_LETTERED.name()),
        JobSearchAttributes.ERROR_TYPE.valueSet(ErrorType.CallbackFailed.name()),
        JobSearchAttributes.DEAD_LETTERED_AT.valueSet(
            Instant.ofEpochMilli(now).atOffset(ZoneOffset.UTC)));
    LOG.info("callback {} parked: {}", request.deliveryId(), message);
    parked = true;
    boolean decided = Workflow.await(retention, () -> redrive != null || discard != null);
    parked = false;
    if (!decided || discard != null) {
      Workflow.upsertTypedSearchAttributes(
          JobSearchAttributes.JOB_STATUS.valueSet(JobStatus.DISCARDED.name()));
      return false;
    }
    redrive = null;
    Workflow.upsertTypedSearchAttributes(
        JobSearchAttributes.JOB_STATUS.valueSet(JobStatus.QUEUED.name()),
        JobSearchAttributes.ERROR_TYPE.valueUnset(),
        JobSearchAttributes.DEAD_LETTERED_AT.valueUnset());
    return true;
  }

  /** What the last attempt met, also when the budget ran out after it. */
  private static String why(ActivityFailure e) {
    String message = FailureTypes.message(e);
    if (e.getCause() instanceof TimeoutFailure timeout
        && timeout.getCause() instanceof ApplicationFailure last) {
      message += "; the last attempt: " + last.getOriginalMessage();
    }
    return message;
  }

  private static Duration retention() {
    String configured = Workflow.getMemo(JobMemo.DEAD_LETTER_RETENTION, String.class, String.class);
    return configured == null ? JobLifecycle.DEFAULT_RETENTION : Duration.parse(configured);
  }

  @Override
  public void redrive(Redrive<Object> request) {
    if (parked && discard == null) {
      redrive = request;
    }
  }

  @Override
  public void discard(Discard request) {
    if (parked && redrive == null) {
      discard = request;
    }
  }
}
