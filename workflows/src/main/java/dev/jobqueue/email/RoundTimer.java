package dev.jobqueue.email;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.OptionalLong;

/**
 * The durable timer that starts a batch's next round of retries. One at a time: a chunk that comes
 * due sooner than the pending round moves it earlier (the later timer is cancelled, which costs the
 * history one event where letting it fire would cost four).
 */
final class RoundTimer {
  private CancellationScope scope;
  private Promise<Void> timer;
  private long at;

  /**
   * A timer that fires at {@code next} (epoch milliseconds, workflow time) or earlier; none if
   * empty. A timer that fired is spent: the caller has taken the chunks it was for.
   */
  void until(OptionalLong next) {
    if (fired()) {
      timer = null;
    }
    if (next.isEmpty()) {
      cancel();
      return;
    }
    if (timer != null && at <= next.getAsLong()) {
      return;
    }
    cancel();
    at = next.getAsLong();
    var delay = Duration.ofMillis(Math.max(1, at - Workflow.currentTimeMillis()));
    var started = new ArrayList<Promise<Void>>(1);
    // a scope of its own, so that moving the round cancels this timer and nothing else
    scope = Workflow.newCancellationScope(() -> started.add(Workflow.newTimer(delay)));
    scope.run();
    timer = started.getFirst();
  }

  /** True once the pending timer fired, or failed because the job was cancelled. */
  boolean fired() {
    return timer != null && timer.isCompleted();
  }

  /** The job's cancellation, if that is what ended the timer; null otherwise. */
  RuntimeException failure() {
    return fired() ? timer.getFailure() : null;
  }

  /** No round pending any more. */
  void cancel() {
    if (timer != null && !timer.isCompleted()) {
      scope.cancel();
    }
    timer = null;
  }
}
