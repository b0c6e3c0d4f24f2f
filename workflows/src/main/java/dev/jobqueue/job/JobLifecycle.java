package dev.jobqueue.job;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.util.function.Supplier;

/**
 * Keeps a job workflow's search attributes current ({@code JobType}, {@code Tenant},
 * {@code JobStatus}, {@code ErrorType}), moving only along the transitions {@link JobStatus}
 * allows. Workflow code: deterministic, no I/O.
 */
public final class JobLifecycle {
  private JobStatus status;

  private JobLifecycle(JobStatus status) {
    this.status = status;
  }

  /**
   * Takes over from the status the job was started with (QUEUED when the starter set none) and
   * makes sure the job is findable by type and tenant.
   */
  public static JobLifecycle begin(JobType type, JobRef job) {
    String initial = Workflow.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS);
    var lifecycle = new JobLifecycle(initial == null ? JobStatus.QUEUED : JobStatus.valueOf(initial));
    Workflow.upsertTypedSearchAttributes(
        JobSearchAttributes.JOB_TYPE.valueSet(type.wireName()),
        JobSearchAttributes.TENANT.valueSet(job.tenant()),
        JobSearchAttributes.JOB_STATUS.valueSet(lifecycle.status.name()));
    return lifecycle;
  }

  public JobStatus status() {
    return status;
  }

  /**
   * Runs the job's work as RUNNING and records how it ended: SUCCEEDED, CANCELLED, or
   * DEAD_LETTERED with the failure's type. Failures are rethrown so the workflow ends as they did.
   */
  public <R> R run(Supplier<R> work) {
    moveTo(JobStatus.RUNNING);
    try {
      R result = work.get();
      moveTo(JobStatus.SUCCEEDED);
      return result;
    } catch (CanceledFailure e) {
      moveTo(JobStatus.CANCELLED);
      throw e;
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure cancelled) {
        // rethrown as such so the workflow ends Cancelled rather than Failed
        moveTo(JobStatus.CANCELLED);
        throw cancelled;
      }
      Workflow.upsertTypedSearchAttributes(JobSearchAttributes.ERROR_TYPE.valueSet(errorType(e)));
      moveTo(JobStatus.DEAD_LETTERED);
      throw e;
    }
  }

  void moveTo(JobStatus next) {
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException("a job cannot move from " + status + " to " + next);
    }
    status = next;
    Workflow.upsertTypedSearchAttributes(JobSearchAttributes.JOB_STATUS.valueSet(next.name()));
  }

  /** The error type of a failed activity: its application type, or which timeout ran out. */
  static String errorType(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "Timeout" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "");
    }
    return cause == null ? "Unknown" : cause.getClass().getSimpleName();
  }
}
