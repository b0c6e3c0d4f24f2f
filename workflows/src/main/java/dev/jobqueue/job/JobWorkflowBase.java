package dev.jobqueue.job;

import io.temporal.workflow.Workflow;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What every job workflow does the same way: its life ({@link JobLifecycle}) and the signals that
 * steer it. A job workflow's interface declares its workflow method and its {@code Redrive} signal
 * (with its own input type, so that a corrected input arrives as exactly that type); the
 * implementation extends this class and only says what the work is.
 *
 * @param <J> the job's workflow input
 * @param <R> its result
 */
public abstract class JobWorkflowBase<J, R> implements JobSignals {
  private JobLifecycle<J, R> lifecycle;

  /**
   * The job's life, from start to end: call from the workflow method. {@code work} runs the job
   * once; {@code compensate} undoes a failed run's effects before the job is parked (idempotent).
   */
  protected final R live(
      JobType type, JobRef job, J input, Function<J, R> work, Consumer<J> compensate) {
    return live(type, job, input, work, compensate, null);
  }

  /** As above, for a job {@code givenUp} on before its workflow started: it starts parked. */
  protected final R live(
      JobType type,
      JobRef job,
      J input,
      Function<J, R> work,
      Consumer<J> compensate,
      GivenUp givenUp) {
    lifecycle = JobLifecycle.begin(type, job);
    lifecycle.continueWith(this::continuedInput);
    return lifecycle.run(input, work, compensate, givenUp);
  }

  /**
   * The input a parked job's next run starts with when its history is carried over into a new run
   * ({@link HistoryBudget}): {@code current}, plus whatever state of its own the workflow keeps
   * between runs of the work. The next run finds itself parked again, with the same dead letter.
   */
  protected J continuedInput(J current) {
    return current;
  }

  @Override
  public final void attemptFailed(AttemptError error) {
    started().attemptFailed(error);
  }

  @Override
  public final void discard(Discard request) {
    started().discard(request);
  }

  /** The type's {@code Redrive} signal: runs a dead letter again, on a corrected input if given. */
  public final void redrive(Redrive<J> request) {
    started().redrive(request);
  }

  /** Signals can arrive in the same task as the start: wait until the job is under way. */
  private JobLifecycle<J, R> started() {
    Workflow.await(() -> lifecycle != null);
    return lifecycle;
  }
}
