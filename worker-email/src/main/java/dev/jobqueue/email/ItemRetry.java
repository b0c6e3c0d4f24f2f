package dev.jobqueue.email;

import dev.jobqueue.ErrorType;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.retry.Backoff;
import dev.jobqueue.retry.RetryBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * What a relay's deferral of one message does to its item: in a round of the workflow's retries,
 * the item waits for its own next attempt, on the jittered curve every failure uses ({@link
 * Backoff#DEFAULT}) and no sooner than the relay asked, until its own budget is spent and it is
 * dead-lettered; for an older workflow, which leaves deferred items to the activity's retries, it
 * fails the attempt, except on the last one.
 */
final class ItemRetry {
  private final int pass;
  private final Map<Integer, ItemOutcome> deferred;
  private final RetryBudget budget;
  private final Clock clock;
  private final Clock schedule;
  private final DoubleSupplier random;
  private final boolean lastRun;

  private ItemRetry(
      int pass,
      Map<Integer, ItemOutcome> deferred,
      RetryBudget budget,
      Clock clock,
      Clock schedule,
      DoubleSupplier random,
      boolean lastRun) {
    this.pass = pass;
    this.deferred = deferred;
    this.budget = budget;
    this.clock = clock;
    this.schedule = schedule;
    this.random = random;
    this.lastRun = lastRun;
  }

  /**
   * In a round: {@code deferred} holds the latest deferral of each item deferred earlier in the
   * pass; {@code schedule} is the clock of due times, {@code clock} that of {@code at}.
   */
  static ItemRetry inRound(
      int pass,
      Map<Integer, ItemOutcome> deferred,
      RetryBudget budget,
      Clock clock,
      Clock schedule,
      DoubleSupplier random,
      boolean lastRun) {
    return new ItemRetry(pass, Map.copyOf(deferred), budget, clock, schedule, random, lastRun);
  }

  /** For an older workflow's request: the chunk's attempts are the items' attempts. */
  static ItemRetry byActivity(int pass, Clock clock, boolean lastAttempt) {
    return new ItemRetry(pass, Map.of(), null, clock, clock, null, lastAttempt);
  }

  /** The attempt a send of {@code item} is, from 1; 0 when the activity counts attempts. */
  int attemptOf(BatchItem item) {
    if (budget == null) {
      return 0;
    }
    ItemOutcome earlier = deferred.get(item.index());
    return earlier == null ? 1 : earlier.attempt() + 1;
  }

  /**
   * The line a deferral of {@code item} records: deferred until its next attempt, or dead-lettered
   * once its budget is spent. Null for an older workflow's request, short of its last attempt: the
   * item stays pending and the attempt fails.
   */
  ItemOutcome deferral(BatchItem item, Integer code, String reply, Duration retryAfter) {
    int attempt = attemptOf(item);
    if (budget == null) {
      return lastRun ? giveUp(item, code, "still deferred on the last attempt: " + reply, 0) : null;
    }
    Instant now = schedule.instant();
    ItemOutcome earlier = deferred.get(item.index());
    Instant first =
        earlier == null || earlier.firstAttemptAt() == null
            ? now
            : Instant.parse(earlier.firstAttemptAt());
    Instant next = now.plus(Backoff.DEFAULT.delayAfter(attempt, random, retryAfter));
    if (attempt >= budget.maxAttempts() || next.isAfter(first.plus(budget.total()))) {
      return giveUp(
          item, code, "still deferred after %d attempts: %s".formatted(attempt, reply), attempt);
    }
    if (lastRun) {
      return giveUp(
          item,
          code,
          "still deferred after %d attempts, the last its batch's rounds allowed: %s"
              .formatted(attempt, reply),
          attempt);
    }
    return new ItemOutcome(
        item.index(),
        item.recipient(),
        ItemOutcome.DEFERRED,
        code,
        reply,
        clock.instant().toString(),
        ErrorType.SmtpTransient.name(),
        pass,
        attempt,
        next.toString(),
        first.toString());
  }

  private ItemOutcome giveUp(BatchItem item, Integer code, String message, int attempt) {
    return new ItemOutcome(
        item.index(),
        item.recipient(),
        ItemOutcome.DEAD_LETTERED,
        code,
        message,
        clock.instant().toString(),
        ErrorType.SmtpTransient.name(),
        pass,
        attempt);
  }
}
