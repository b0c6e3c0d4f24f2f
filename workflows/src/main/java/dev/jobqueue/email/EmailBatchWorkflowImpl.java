package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.JobWorkflowBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

public class EmailBatchWorkflowImpl extends JobWorkflowBase<EmailBatchJob, EmailBatchResult>
    implements EmailBatchWorkflow {
  /**
   * Chunks in flight at once. Enough to keep a fleet's connections busy; far below Temporal's 2,000
   * pending activities per workflow, and small enough that a failing relay is noticed before the
   * whole batch has been tried.
   */
  static final int MAX_PENDING_CHUNKS = 16;

  /**
   * Version 1: the relay's deferrals of single items are retried in rounds of the workflow's own,
   * each item on its own backoff and budget: a chunk reports its deferred items, the workflow waits
   * on a durable timer until they are due and runs the chunk again as a new activity. Before, a
   * chunk with deferred items failed its attempt and Temporal retried it whole, spending the
   * chunk's attempts. Histories recorded then replay as version 0 (their chunk requests carry no
   * round, so their chunks never report deferred items and no round is ever due).
   */
  static final String CHUNK_ITEM_RETRIES = "chunk-item-retries";

  private record Running(
      int chunk, boolean lastRun, CancellationScope scope, Promise<ChunkResult> result) {}

  private ChunkTally tally;
  private int passes;
  private boolean inRounds;

  @Override
  public EmailBatchResult send(EmailBatchJob job) {
    tally = new ChunkTally(job.manifest());
    if (job.earlierRuns() != null) {
      // continued from a run whose history outgrew its budget: go on where it stood
      tally = ChunkTally.restored(job.manifest(), job.earlierRuns().chunks());
      passes = job.earlierRuns().passes();
    }
    inRounds =
        Workflow.getVersion(CHUNK_ITEM_RETRIES, Workflow.DEFAULT_VERSION, 1)
            != Workflow.DEFAULT_VERSION;
    // a sent message cannot be unsent and a batch reserves nothing: no compensation; the staged
    // batch stays, because a redrive sends from it and the API pages its outcomes
    return live(JobType.EMAIL_BATCH, job.job(), job, this::sendAll, failed -> {});
  }

  private EmailBatchResult sendAll(EmailBatchJob job) {
    passes++;
    if (!tally.isFor(job.manifest())) {
      tally = new ChunkTally(job.manifest()); // redriven with a restaged batch
    }
    Deque<Integer> todo = tally.startPass();
    var rounds = new RetryRounds(job.manifest().chunks(), List.copyOf(todo));
    var due = new ArrayDeque<Integer>();
    var timer = new RoundTimer();
    var running = new ArrayList<Running>();
    RuntimeException failure = null;
    while (!running.isEmpty()
        || (failure == null && !(todo.isEmpty() && due.isEmpty() && !rounds.anyWaiting()))) {
      if (failure == null) {
        due.addAll(rounds.takeDue(Workflow.currentTimeMillis()));
        while (running.size() < MAX_PENDING_CHUNKS && !(due.isEmpty() && todo.isEmpty())) {
          if (due.isEmpty()) {
            running.add(start(job, todo.poll(), false));
          } else {
            // a due chunk goes first: its items have waited their backoff already
            int chunk = due.poll();
            running.add(start(job, chunk, rounds.startReRun(chunk)));
          }
        }
        timer.until(rounds.nextRound());
      }
      // per-chunk results only: no search attribute or memo update per chunk, each would cost
      // the history an event
      Workflow.await(
          () -> timer.fired() || running.stream().anyMatch(r -> r.result().isCompleted()));
      RuntimeException error = timer.failure(); // the job cancelled while chunks wait
      for (Running done : completed(running)) {
        RuntimeException chunkError = done.result().getFailure();
        if (chunkError == null) {
          chunkError = record(done, rounds);
        }
        error = error == null ? chunkError : error;
      }
      if (error != null && failure == null) {
        // a chunk spent its retry budget (or the job was cancelled): stop the others, which would
        // meet the same relay
        failure = error;
        running.forEach(r -> r.scope().cancel());
        timer.cancel();
      }
    }
    if (failure != null) {
      throw failure;
    }
    if (tally.deadLettered() > 0) {
      throw recipientsRejected(tally.rejectionSummary());
    }
    var manifest = job.manifest();
    return new EmailBatchResult(manifest.items(), tally.accepted(), manifest.chunks(), passes);
  }

  @Override
  protected EmailBatchJob continuedInput(EmailBatchJob current) {
    return current.continuing(new BatchRuns(passes, tally.latest()));
  }

  /** Takes a chunk's result: done, or waiting for its deferred items to come due. */
  private RuntimeException record(Running done, RetryRounds rounds) {
    ChunkResult result = done.result().get();
    tally.record(result);
    if (result.deferred() == 0) {
      rounds.finished(done.chunk());
      return null;
    }
    if (!inRounds || done.lastRun()) {
      // a chunk that breaks its contract must not be run again and again
      return ApplicationFailure.newFailure(
          "chunk %d reported %d items still deferred where no run may follow"
              .formatted(done.chunk(), result.deferred()),
          ErrorType.SmtpTransient.name());
    }
    long now = Workflow.currentTimeMillis();
    rounds.waitUntil(
        done.chunk(), result.dueAt() == null ? now : Math.max(now, result.dueAt().toEpochMilli()));
    return null;
  }

  private Running start(EmailBatchJob job, int chunk, boolean lastRun) {
    // the batch the job's input names, of the request that started it: an activity's input, never
    // a command, so older histories replay whatever it is
    var batch = job.manifest().name();
    var request =
        inRounds
            ? ChunkRequest.round(
                batch,
                chunk,
                passes,
                job.retry(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                lastRun)
            : new ChunkRequest(batch, chunk, passes, job.retry().maxAttempts());
    var chunks =
        Workflow.newActivityStub(
            EmailBatchActivities.class,
            JobActivityOptions.withBudget(JobActivityOptions.SEND_EMAIL_CHUNK, job.retry()));
    var result = new ArrayList<Promise<ChunkResult>>(1);
    // a scope per chunk, so that a failed batch can stop its chunks without being cancelled
    // itself: waiting in a cancelled scope would end the job as CANCELLED
    CancellationScope scope =
        Workflow.newCancellationScope(() -> result.add(Async.function(chunks::sendChunk, request)));
    scope.run();
    return new Running(chunk, lastRun, scope, result.getFirst());
  }

  private static List<Running> completed(List<Running> running) {
    var completed = new ArrayList<Running>();
    running.removeIf(r -> r.result().isCompleted() && completed.add(r));
    return completed;
  }

  /** The failure that parks a batch whose chunks all finished but refused some items. */
  static ApplicationFailure recipientsRejected(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ErrorType.RecipientsRejected.name());
  }

  @Override
  public BatchProgress progress() {
    return tally == null ? new BatchProgress(0, 0, 0, 0) : tally.progress();
  }
}
