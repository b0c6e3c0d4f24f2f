package dev.jobqueue.job;

import dev.jobqueue.ErrorType;
import dev.jobqueue.callback.CallbackDocument;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * The life of one job, shared by every job workflow: run the work; on a terminal failure
 * compensate, park the job as its own dead letter and wait for a redrive, a discard or the end of
 * its retention. The dead letter is kept in the memo, so the API and the Web UI see it without
 * asking a worker.
 *
 * <p>The job's status has one author. What Temporal records of the execution on its own (the
 * activity scheduled, started, retrying; the workflow completed or cancelled) is read from there by
 * the API; the {@code JobStatus} search attribute carries only what the workflow alone decides: how
 * the job ended, that it is parked ({@code DEAD_LETTERED}, with {@code ErrorType}), queued again by
 * a redrive, or discarded. Each of those is one upsert, so a job that succeeds costs one.
 *
 * <p>There is no central dead-letter workflow: a storm of failures is spread over the failing jobs'
 * own workflows, and Temporal's visibility store is the index that lists them.
 *
 * <p>A cancelled job is compensated like a failed one before it ends CANCELLED. A parked job whose
 * history outgrows its {@link HistoryBudget} continues as new, still parked, under the same
 * workflow id, search attributes and memo, with its current input; the dead letter in the memo
 * carries its attempts and redrives over.
 */
public final class JobLifecycle<J, R> {
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);

  private static final Logger LOG = Workflow.getLogger(JobLifecycle.class);

  /**
   * Before version 1 the workflow also wrote RUNNING, RETRYING and its type, tenant and initial
   * status into the search attributes; histories recorded then replay that way. Jobs started with
   * {@link JobMemo#STATUS_FROM_EXECUTION} in their memo skip the version check.
   */
  static final String STATUS_FROM_EXECUTION = "status-from-execution";

  /**
   * Version 1: a cancelled job is compensated (in a detached scope, after its work has stopped)
   * before it ends CANCELLED; a failed job's compensation is detached too, so a cancel arriving
   * meanwhile neither interrupts it nor starts it again, and the job then ends CANCELLED instead of
   * parking; and a parked job continues as new once its history spends its {@link HistoryBudget}.
   * Asked only on those paths, so a job that succeeds pays no marker.
   */
  static final String LONG_LIVED_JOBS = "long-lived-jobs";

  /** The statuses only the workflow can know; the others the API reads from the execution. */
  private static final Set<JobStatus> DECIDED =
      EnumSet.of(
          JobStatus.QUEUED,
          JobStatus.SUCCEEDED,
          JobStatus.CANCELLED,
          JobStatus.DEAD_LETTERED,
          JobStatus.DISCARDED);

  private final JobType type;
  private final JobRef job;
  private final JobMetrics metrics;
  private final List<AttemptError> attempts = new ArrayList<>();
  private JobStatus status;
  private int redrives;
  private Redrive<J> redrive;
  private Discard discard;
  private final boolean writesEveryStatus;
  private final HistoryBudget budget = HistoryBudget.ofJob();
  private UnaryOperator<J> continuedInput = UnaryOperator.identity();

  private JobLifecycle(JobType type, JobRef job, JobStatus initial, boolean writesEveryStatus) {
    this.type = type;
    this.job = job;
    this.status = initial;
    this.writesEveryStatus = writesEveryStatus;
    this.metrics = new JobMetrics(type, job.tenant());
  }

  /**
   * Takes over from the status the job was started with (QUEUED when the starter set none). The
   * starter sets the job's type, tenant and status as it starts the workflow. Call first thing in
   * the workflow method.
   */
  public static <J, R> JobLifecycle<J, R> begin(JobType type, JobRef job) {
    String initial = Workflow.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS);
    JobStatus status = initial == null ? JobStatus.QUEUED : JobStatus.valueOf(initial);
    // a starter that says so spares the marker (an action per job); without its word, histories
    // recorded before version 1 replay as they ran
    boolean legacy =
        !Boolean.TRUE.equals(
                Workflow.getMemo(JobMemo.STATUS_FROM_EXECUTION, Boolean.class, Boolean.class))
            && Workflow.getVersion(STATUS_FROM_EXECUTION, Workflow.DEFAULT_VERSION, 1)
                == Workflow.DEFAULT_VERSION;
    var lifecycle = new JobLifecycle<J, R>(type, job, status, legacy);
    if (legacy) {
      Workflow.upsertTypedSearchAttributes(
          JobSearchAttributes.JOB_TYPE.valueSet(type.wireName()),
          JobSearchAttributes.TENANT.valueSet(job.tenant()),
          JobSearchAttributes.JOB_STATUS.valueSet(status.name()));
    }
    return lifecycle;
  }

  /**
   * Runs {@code work} until it succeeds, the job is cancelled, or it is discarded as a dead letter
   * (then the result is null). The work fails terminally by letting an activity's failure through,
   * or by throwing a non-retryable {@link ApplicationFailure} of its own. {@code compensate} undoes
   * a failed run's partial effects; it must be idempotent.
   */
  public R run(J input, Function<J, R> work, Consumer<J> compensate) {
    return run(input, work, compensate, null);
  }

  /**
   * As {@link #run(Object, Function, Consumer)}; a job {@code givenUp} on before its workflow
   * started (in its group) is parked first, with that failure and its attempts.
   */
  public R run(J input, Function<J, R> work, Consumer<J> compensate, GivenUp givenUp) {
    J current = input;
    long startedAt = Workflow.currentTimeMillis();
    Long deadlineAt = JobDeadline.at();
    DeadLetter carriedOver = ContinuedRun.parkedBefore(status);
    if (carriedOver != null || givenUp != null) {
      boolean redriven =
          carriedOver != null ? resume(carriedOver, current) : parkGivenUp(givenUp, current);
      if (!redriven) {
        return null;
      }
      current = redriven(current);
      if (carriedOver != null && deadlineAt != null) {
        deadlineAt = Workflow.currentTimeMillis() + JobDeadline.length().toMillis();
      }
    }
    while (true) {
      moveTo(JobStatus.RUNNING);
      try {
        R result =
            deadlineAt == null
                ? work.apply(current)
                : JobDeadline.within(deadlineAt, work, current, this::longLived);
        moveTo(JobStatus.SUCCEEDED);
        metrics.succeeded(Duration.ofMillis(Workflow.currentTimeMillis() - startedAt));
        callback(JobStatus.SUCCEEDED, result, null);
        return result;
      } catch (CanceledFailure e) {
        throw cancelled(e, current, compensate);
      } catch (ActivityFailure | ApplicationFailure e) {
        // an activity that failed for good, or the work's own verdict (a batch with refused items)
        if (e.getCause() instanceof CanceledFailure cancelled) {
          // rethrown as such so the workflow ends Cancelled rather than Failed
          throw cancelled(cancelled, current, compensate);
        }
        if (!compensateAndPark(FailureTypes.of(e), FailureTypes.message(e), current, compensate)) {
          return null;
        }
        current = redriven(current);
      } catch (JobDeadline.Passed e) {
        if (!compensateAndPark(
            ErrorType.DeadlineExceeded.name(), e.getMessage(), current, compensate)) {
          return null;
        }
        current = redriven(current);
      }
      if (deadlineAt != null) {
        // a redrive runs the job on the same deadline again, counted from now
        deadlineAt = Workflow.currentTimeMillis() + JobDeadline.length().toMillis();
      }
    }
  }

  /**
   * What a continued run carries over besides the dead letter: the workflow's own state that its
   * input must hold (a batch's passes and chunk results, say). The identity by default.
   */
  public void continueWith(UnaryOperator<J> input) {
    this.continuedInput = input;
  }

  /** A job given up on in its group starts parked, with that failure and its attempts. */
  private boolean parkGivenUp(GivenUp givenUp, J current) {
    givenUp.attempts().stream().limit(DeadLetter.MAX_ATTEMPTS).forEach(attempts::add);
    if (status != JobStatus.RUNNING) {
      moveTo(JobStatus.RUNNING); // its group ran it; the starter may have said so already
    }
    return park(givenUp.errorType(), givenUp.message(), current);
  }

  /** The input a redrive runs: its corrected one, or the one that failed. */
  private J redriven(J current) {
    J next = redrive.job() == null ? current : redrive.job();
    redrive = null;
    return next;
  }

  private boolean longLived() {
    return Workflow.getVersion(LONG_LIVED_JOBS, Workflow.DEFAULT_VERSION, 1)
        != Workflow.DEFAULT_VERSION;
  }

  /**
   * The job is cancelled while its work runs: once the work has stopped, its compensation runs
   * where the cancellation cannot reach it, and the job ends CANCELLED.
   */
  private CanceledFailure cancelled(CanceledFailure e, J current, Consumer<J> compensate) {
    if (longLived()) {
      Workflow.newDetachedCancellationScope(() -> compensate.accept(current)).run();
    }
    moveTo(JobStatus.CANCELLED);
    Workflow.newDetachedCancellationScope(() -> callback(JobStatus.CANCELLED, null, null)).run();
    return e;
  }

  /**
   * Compensates a failed run and parks the job; true when it is redriven. A cancel that arrives
   * while the compensation runs lets it finish (it runs once) and then ends the job CANCELLED.
   */
  private boolean compensateAndPark(
      String errorType, String message, J current, Consumer<J> compensate) {
    if (!longLived()) {
      compensate.accept(current);
      return park(errorType, message, current);
    }
    Workflow.newDetachedCancellationScope(() -> compensate.accept(current)).run();
    if (CancellationScope.current().isCancelRequested()) {
      moveTo(JobStatus.CANCELLED);
      Workflow.newDetachedCancellationScope(() -> callback(JobStatus.CANCELLED, null, null)).run();
      throw new CanceledFailure("the job was cancelled while its failed run was compensated");
    }
    return park(errorType, message, current);
  }

  /** Parks the job as a dead letter; true when it is redriven, false when it is discarded. */
  private boolean park(String errorType, String message, J current) {
    Duration retention = retention();
    long now = Workflow.currentTimeMillis();
    var letter =
        new DeadLetter(
            errorType,
            message,
            List.copyOf(attempts),
            Instant.ofEpochMilli(now).toString(),
            Instant.ofEpochMilli(now).plus(retention).toString(),
            redrives);
    Workflow.upsertMemo(Map.of(DeadLetter.MEMO_KEY, letter));
    Workflow.upsertTypedSearchAttributes(
        JobSearchAttributes.ERROR_TYPE.valueSet(errorType),
        JobSearchAttributes.DEAD_LETTERED_AT.valueSet(
            Instant.ofEpochMilli(now).atOffset(java.time.ZoneOffset.UTC)));
    moveTo(JobStatus.DEAD_LETTERED);
    metrics.deadLettered(errorType);
    LOG.info("{} dead-lettered: {}", job.workflowId(), errorType);
    callback(JobStatus.DEAD_LETTERED, null, new CallbackDocument.CallbackError(errorType, message));
    return awaitDecision(letter, current);
  }

  /** Parks again what an earlier run had parked: no new dead letter, the same one waits on. */
  private boolean resume(DeadLetter letter, J current) {
    redrives = letter.redrives();
    attempts.addAll(letter.attempts());
    return awaitDecision(letter, current);
  }

  /**
   * Waits for a redrive, a discard or the end of retention; true when redriven. Before, a parked
   * job whose history has spent its budget continues as new, still parked.
   */
  private boolean awaitDecision(DeadLetter letter, J current) {
    boolean bounded = longLived();
    long expiresAt = Instant.parse(letter.expiresAt()).toEpochMilli();
    Duration retention = Duration.ofMillis(Math.max(0, expiresAt - Workflow.currentTimeMillis()));
    boolean decided;
    try {
      decided =
          Workflow.await(
              retention, () -> redrive != null || discard != null || (bounded && budget.spent()));
    } catch (CanceledFailure e) {
      // cancelling a dead letter discards it; the status change must survive the cancellation
      CancellationScope.current().cancel();
      Workflow.newDetachedCancellationScope(() -> end("cancelled")).run();
      throw e;
    }
    if (decided && redrive == null && discard == null) {
      LOG.info("{} continues as new, parked", job.workflowId());
      ContinuedRun.continueParked(letter, attempts, continuedInput.apply(current));
    }
    if (!decided || discard != null) {
      end(decided ? "discarded" : "expired");
      return false;
    }
    redrives++;
    attempts.clear();
    discard = null;
    Workflow.upsertTypedSearchAttributes(
        JobSearchAttributes.ERROR_TYPE.valueUnset(),
        JobSearchAttributes.DEAD_LETTERED_AT.valueUnset());
    moveTo(JobStatus.QUEUED);
    metrics.redriven(letter.errorType());
    return true;
  }

  private void end(String why) {
    moveTo(JobStatus.DISCARDED);
    metrics.discarded(why);
    callback(JobStatus.DISCARDED, null, null);
  }

  /** The job's callback for {@code ended}, if it has one ({@link JobCallbacks}). */
  private void callback(JobStatus ended, Object result, CallbackDocument.CallbackError lastError) {
    JobCallbacks.fire(type, job, ended, redrives, attempts, result, lastError);
  }

  private static Duration retention() {
    String configured = Workflow.getMemo(JobMemo.DEAD_LETTER_RETENTION, String.class, String.class);
    return configured == null ? DEFAULT_RETENTION : Duration.parse(configured);
  }

  /** Signal: a fleet saw an attempt fail; the next one waits its backoff. */
  public void attemptFailed(AttemptError error) {
    if (attempts.size() < DeadLetter.MAX_ATTEMPTS) {
      attempts.add(error);
    }
    if (status == JobStatus.RUNNING && error.retryable()) {
      moveTo(JobStatus.RETRYING);
    }
  }

  /** Signal: run a dead letter again; ignored unless the job is dead-lettered. */
  public void redrive(Redrive<J> request) {
    if (status == JobStatus.DEAD_LETTERED && discard == null) {
      redrive = request;
    }
  }

  /** Signal: discard a dead letter; ignored unless the job is dead-lettered. */
  public void discard(Discard request) {
    if (status == JobStatus.DEAD_LETTERED && redrive == null) {
      discard = request;
    }
  }

  void moveTo(JobStatus next) {
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException("a job cannot move from " + status + " to " + next);
    }
    status = next;
    if (writesEveryStatus || DECIDED.contains(next)) {
      Workflow.upsertTypedSearchAttributes(JobSearchAttributes.JOB_STATUS.valueSet(next.name()));
    }
  }
}
