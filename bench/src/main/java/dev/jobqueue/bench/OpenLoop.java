package dev.jobqueue.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Submits at a fixed rate whatever happens to earlier submissions, as independent clients do, and
 * times each from its scheduled moment (so a stall cannot hide its own delay).
 */
final class OpenLoop {
  /**
   * What one submission measured: when it was accepted and when it was delivered, or {@link #LATER}
   * when the operation does not wait for the delivery (its caller times it afterwards).
   */
  record Timing(long acceptedNanos, long deliveredNanos) {
    static final long LATER = Long.MIN_VALUE;

    static Timing acceptedOnly(long acceptedNanos) {
      return new Timing(acceptedNanos, LATER);
    }
  }

  interface Operation {
    Timing run(long scheduledNanos) throws Exception;
  }

  record Result(
      double rate,
      long submitted,
      long accepted,
      long delivered,
      long failed,
      String firstFailure,
      Latencies acceptToDelivered,
      Latencies submitToDelivered,
      Latencies submitToAccepted) {}

  private OpenLoop() {}

  static Result run(String phase, double rate, Duration window, Duration drain, Operation op)
      throws InterruptedException {
    if (!(rate > 0)) {
      // half of a closed loop that completed nothing: at 0/s the first gap never ends
      throw new IllegalArgumentException(
          phase + ": no rate to run at (" + rate + "/s); the closed loop before it measured none");
    }
    var acceptToDelivered = new Latencies();
    var submitToDelivered = new Latencies();
    var submitToAccepted = new Latencies();
    var failed = new AtomicLong();
    var accepted = new AtomicLong();
    var delivered = new AtomicLong();
    var firstFailure = new AtomicReference<String>();
    var threads = new ArrayList<Thread>();
    long start = System.nanoTime();
    long end = start + window.toNanos();
    double gap = 1e9 / rate;
    var progress = new PhaseProgress(phase, "accepted", accepted::get);
    try {
      for (long i = 0; ; i++) {
        long due = start + (long) (i * gap);
        if (due >= end) {
          break;
        }
        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(wait);
        }
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        Timing t = op.run(due);
                        accepted.incrementAndGet();
                        submitToAccepted.add(t.acceptedNanos() - due);
                        if (t.deliveredNanos() != Timing.LATER) {
                          delivered.incrementAndGet();
                          acceptToDelivered.add(t.deliveredNanos() - t.acceptedNanos());
                          submitToDelivered.add(t.deliveredNanos() - due);
                        }
                      } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                      }
                    }));
      }
      Joins.all(threads, end + drain.toNanos());
    } finally {
      progress.close();
    }
    return new Result(
        rate,
        threads.size(),
        accepted.get(),
        delivered.get(),
        failed.get(),
        firstFailure.get(),
        acceptToDelivered,
        submitToDelivered,
        submitToAccepted);
  }
}
