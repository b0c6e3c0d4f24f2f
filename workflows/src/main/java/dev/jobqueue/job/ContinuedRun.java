package dev.jobqueue.job;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;

/**
 * How a parked job's workflow hands itself over to a new run once its history has spent its {@link
 * HistoryBudget}, and how the new run finds itself parked. The job stays what it was: the same
 * workflow id, search attributes and memo; its dead letter (error, attempts, redrives, expiry) in
 * the memo; its current input as the run's input, never the inputs before it.
 */
final class ContinuedRun {
  private ContinuedRun() {}

  /**
   * The dead letter an earlier run of this workflow was parked with, if this run continued from it
   * parked (its search attributes say so); null for any other run.
   */
  static DeadLetter parkedBefore(JobStatus status) {
    if (status != JobStatus.DEAD_LETTERED
        || Workflow.getInfo().getContinuedExecutionRunId().isEmpty()) {
      return null;
    }
    return Workflow.getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
  }

  /**
   * Ends this run and starts the next on {@code input}, parked with {@code letter} and the attempts
   * reported since. Search attributes and memo are given explicitly, as they stand now: what a
   * server carries over on its own differs between servers (the start's memo or the current one).
   * Does not return.
   */
  static void continueParked(DeadLetter letter, List<AttemptError> attempts, Object input) {
    var memo = new HashMap<String, Object>();
    for (String key : JobMemo.KEYS) {
      Object value = Workflow.getMemo(key, Object.class, Object.class);
      if (value != null) {
        memo.put(key, value);
      }
    }
    memo.put(
        DeadLetter.MEMO_KEY,
        new DeadLetter(
            letter.errorType(),
            letter.message(),
            List.copyOf(attempts),
            letter.deadLetteredAt(),
            letter.expiresAt(),
            letter.redrives()));
    // a run's start time is its own: the job's creation is the first run's
    memo.putIfAbsent(
        JobMemo.CREATED_AT,
        Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()).toString());
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder()
            .setMemo(memo)
            .setTypedSearchAttributes(Workflow.getTypedSearchAttributes())
            .build(),
        input);
  }
}
