package dev.jobqueue.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One pass's rounds of item retries: which chunks wait for deferred items to come due and until
 * when, and the pass's budget of re-runs, which bounds what the rounds cost the workflow's history.
 *
 * <p>A chunk that reports deferred items waits until all of them are due, then runs again in the
 * next round; a round runs every chunk due by its time, so chunks that come due together cost one
 * timer. Each re-run takes one from a budget of {@link #RERUNS_PER_PASS}, and one re-run is always
 * kept in reserve for every chunk that may still need one: when the budget comes down to the
 * reserve, a chunk's re-run is its last, in which an item the relay defers again is dead-lettered.
 * So a pass makes at most {@code chunks + RERUNS_PER_PASS} chunk runs, and every chunk that defers
 * items gets at least one re-run.
 *
 * <p>Pure bookkeeping (no Temporal calls), so that it is deterministic by construction.
 */
final class RetryRounds {
  /**
   * Re-runs of chunks in one pass, at most. With {@code BatchLimits.MAX_CHUNKS} (1,000) chunks a
   * pass runs at most 3,000 chunk activities. Each costs the history at most eight events
   * (scheduled, started, completed, a workflow task of its own, and a timer started and cancelled
   * if its result moves the next round earlier), each round's timer that fires five (started,
   * fired, its workflow task), and at most one fires per re-run: 3,000 × 8 + 2,000 × 5 = 34,000
   * events at the very worst, inside Temporal's 51,200 per workflow; batches with the default chunk
   * size have at most 100 chunks. Must be at least {@code MAX_CHUNKS}, so that every chunk can have
   * its reserved re-run.
   */
  static final int RERUNS_PER_PASS = 2_000;

  private static final long NOT_WAITING = -1;

  private enum State {
    /** may still need a re-run; one is reserved for it */
    OPEN,
    /** had its last run */
    LAST,
    /** nothing left to send in this pass */
    DONE
  }

  private final long[] dueAt;
  private final State[] states;
  private int budget;
  private int reserved;
  private int waiting;

  /** For a pass over {@code inPass}, the chunks of a batch of {@code chunks}. */
  RetryRounds(int chunks, List<Integer> inPass) {
    dueAt = new long[chunks];
    Arrays.fill(dueAt, NOT_WAITING);
    states = new State[chunks];
    Arrays.fill(states, State.DONE);
    for (int chunk : inPass) {
      states[chunk] = State.OPEN;
    }
    reserved = inPass.size();
    budget = Math.max(RERUNS_PER_PASS, reserved);
  }

  /** The chunk ran and has nothing left to send in this pass. */
  void finished(int chunk) {
    if (states[chunk] == State.OPEN) {
      reserved--;
    }
    states[chunk] = State.DONE;
  }

  /** The chunk ran and has deferred items, all due at {@code at} (epoch milliseconds). */
  void waitUntil(int chunk, long at) {
    if (dueAt[chunk] == NOT_WAITING) {
      waiting++;
    }
    dueAt[chunk] = at;
  }

  /** True if the chunk's latest run was its last in this pass. */
  boolean hadLastRun(int chunk) {
    return states[chunk] == State.LAST;
  }

  boolean anyWaiting() {
    return waiting > 0;
  }

  /** When the next round is due: the earliest time a waiting chunk is due; empty if none waits. */
  OptionalLong nextRound() {
    return Arrays.stream(dueAt).filter(at -> at != NOT_WAITING).min();
  }

  /** The waiting chunks due by {@code now}, in chunk order; they no longer wait. */
  List<Integer> takeDue(long now) {
    var due = new ArrayList<Integer>();
    for (int chunk = 0; chunk < dueAt.length; chunk++) {
      if (dueAt[chunk] != NOT_WAITING && dueAt[chunk] <= now) {
        dueAt[chunk] = NOT_WAITING;
        waiting--;
        due.add(chunk);
      }
    }
    return due;
  }

  /** Takes a re-run of {@code chunk} from the budget; true if it is the chunk's last. */
  boolean startReRun(int chunk) {
    budget--;
    if (states[chunk] != State.OPEN) {
      return true;
    }
    // the chunk keeps its reservation only if the budget still covers every other one
    if (budget >= reserved) {
      return false;
    }
    states[chunk] = State.LAST;
    reserved--;
    return true;
  }
}
