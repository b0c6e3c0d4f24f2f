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

  private record Running(int chunk, CancellationScope scope, Promise<ChunkResult> result) {}

  private ChunkTally tally;
  private int passes;

  @Override
  public EmailBatchResult send(EmailBatchJob job) {
    tally = new ChunkTally(job.manifest());
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
    var running = new ArrayList<Running>();
    RuntimeException failure = null;
    while (!running.isEmpty() || (failure == null && !todo.isEmpty())) {
      while (failure == null && running.size() < MAX_PENDING_CHUNKS && !todo.isEmpty()) {
        running.add(start(job, todo.poll()));
      }
      // per-chunk results only: no search attribute or memo update per chunk, each would cost
      // the history an event
      Workflow.await(() -> running.stream().anyMatch(r -> r.result().isCompleted()));
      for (Running done : completed(running)) {
        RuntimeException error = done.result().getFailure();
        if (error == null) {
          tally.record(done.result().get());
        } else if (failure == null) {
          // the chunk spent its retry budget: stop the others, which would meet the same relay
          failure = error;
          running.forEach(r -> r.scope().cancel());
        }
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

  private Running start(EmailBatchJob job, int chunk) {
    var request = new ChunkRequest(job.job(), chunk, passes, job.retry().maxAttempts());
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
    return new Running(chunk, scope, result.getFirst());
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
