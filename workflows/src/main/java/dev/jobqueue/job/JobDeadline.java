package dev.jobqueue.job;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** A job's {@code deadline}: from its memo, and the work run against it. */
final class JobDeadline {
  private JobDeadline() {}

  /** The work's end was not awaited: its deadline passed first, and the work was cancelled. */
  static final class Passed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Passed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Runs the work until it ends or {@code deadlineAt} passes; then cancels it (its activities are
   * asked to stop) and throws {@link Passed}. A cancellation of the job itself still ends it as
   * cancelled, once the work has stopped if {@code awaitCancelledWork} says so.
   */
  static <J, R> R within(
      long deadlineAt, Function<J, R> work, J input, BooleanSupplier awaitCancelledWork) {
    var running = new AtomicReference<Promise<R>>();
    CancellationScope scope =
        Workflow.newCancellationScope(() -> running.set(Async.function(work::apply, input)));
    scope.run();
    Promise<R> result = running.get();
    Duration left = Duration.ofMillis(Math.max(0, deadlineAt - Workflow.currentTimeMillis()));
    boolean ended;
    try {
      ended = Workflow.await(left, result::isCompleted);
    } catch (CanceledFailure e) {
      if (awaitCancelledWork.getAsBoolean()) {
        // the job is cancelled: its compensation must not race the work still stopping
        awaitQuietly(result);
      }
      throw e;
    }
    if (ended) {
      return result.get(); // its result, or what it failed with
    }
    scope.cancel();
    // how the cancelled work ended no longer matters: the deadline is why it stopped
    awaitQuietly(result);
    throw new Passed(
        "the job's deadline of "
            + length()
            + " passed at "
            + Instant.ofEpochMilli(deadlineAt)
            + " before it succeeded; its work was cancelled");
  }

  private static void awaitQuietly(Promise<?> work) {
    try {
      work.get();
    } catch (RuntimeException ended) {
      // it ended, which is all the caller waits for
    }
  }

  /** When the job's deadline passes, from its memo; null for a job without one. */
  static Long at() {
    String at = Workflow.getMemo(JobMemo.DEADLINE_AT, String.class, String.class);
    return at == null ? null : Instant.parse(at).toEpochMilli();
  }

  /** The job's deadline, which a redrive gives it again from then; zero without one. */
  static Duration length() {
    String configured = Workflow.getMemo(JobMemo.DEADLINE, String.class, String.class);
    return configured == null ? Duration.ZERO : Duration.parse(configured);
  }
}
