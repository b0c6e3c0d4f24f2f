package dev.jobqueue.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits for a phase's threads, interrupting those still running at the deadline. */
final class Joins {
  private Joins() {}

  /** Joins every thread until {@code deadlineNanos} ({@link System#nanoTime()} clock). */
  static void all(List<Thread> threads, long deadlineNanos) throws InterruptedException {
    for (Thread t : threads) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
        t.interrupt();
      }
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(5));
    }
  }
}
