package dev.jobqueue.runtime;

import dev.jobqueue.job.AttemptError;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports every failed activity attempt to the job's workflow (signal {@code AttemptFailed}), so
 * that the job shows RETRYING while it waits its backoff and its dead letter lists every attempt's
 * error: Temporal itself keeps only an activity's last failure. Installed on every fleet.
 *
 * <p>Each failed attempt is logged too, at INFO, naming the job when {@link JobLogContext} runs
 * around this interceptor (it does on every fleet).
 *
 * <p>Best effort: a report that cannot be delivered is logged and the attempt fails as it would
 * have; the final failure reaches the workflow through Temporal either way.
 */
public final class AttemptReporter extends WorkerInterceptorBase {
  private static final Logger LOG = LoggerFactory.getLogger(AttemptReporter.class);
  private final Clock clock;

  public AttemptReporter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        try {
          return super.execute(input);
        } catch (ActivityCompletionException cancelledOrGone) {
          throw cancelledOrGone;
        } catch (RuntimeException failure) {
          report(context, failure);
          throw failure;
        }
      }
    };
  }

  private void report(ActivityExecutionContext context, RuntimeException failure) {
    var info = context.getInfo();
    String type = failure.getClass().getSimpleName();
    String message = failure.getMessage();
    boolean retryable = true;
    if (failure instanceof ApplicationFailure app) {
      type = app.getType();
      message = app.getOriginalMessage();
      retryable = !app.isNonRetryable();
    }
    // one line per failed attempt, in the job's logging context (JobLogContext): searchable by job
    LOG.info(
        "attempt {} of {} failed, {} ({}): {}",
        info.getAttempt(),
        info.getActivityType(),
        type,
        retryable ? "retryable" : "final",
        message);
    var error =
        new AttemptError(info.getAttempt(), type, message, retryable, clock.instant().toString());
    try {
      context
          .getWorkflowClient()
          .newUntypedWorkflowStub(info.getWorkflowId())
          .signal("AttemptFailed", error);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not report failed attempt {} of {}: {}",
          info.getAttempt(),
          info.getWorkflowId(),
          e.toString());
    }
  }
}
