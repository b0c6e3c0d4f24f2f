package dev.jobqueue.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps {@code concurrency} operations running until the window ends, each one starting as the one
 * before it on its thread finished: as fast as the system takes them, without an unbounded backlog.
 * Only completions inside the window count; the warm-up before it does not.
 */
final class ClosedLoop {
  /** One unit of work, done when it returns; answers the id of the workflow it ran, or null. */
  interface Operation {
    String run() throws Exception;
  }

  record Result(
      long counted,
      double seconds,
      long total,
      long failed,
      String firstFailure,
      List<String> ids,
      Latencies latencies) {
    double perSecond() {
      return counted / seconds;
    }
  }

  private ClosedLoop() {}

  static Result run(
      String phase, String unit, int concurrency, Duration warmup, Duration window, Operation op)
      throws InterruptedException {
    long start = System.nanoTime();
    long countFrom = start + warmup.toNanos();
    long end = countFrom + window.toNanos();
    var counted = new AtomicLong();
    var total = new AtomicLong();
    var failed = new AtomicLong();
    var firstFailure = new AtomicReference<String>();
    var ids = new ConcurrentLinkedQueue<String>();
    var latencies = new Latencies();
    var threads = new ArrayList<Thread>();
    var progress = new PhaseProgress(phase, unit, total::get);
    try {
      for (int i = 0; i < concurrency; i++) {
        threads.add(
            Thread.ofVirtual()
                .name(phase + "-" + i)
                .start(
                    () -> {
                      while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                          String id = op.run();
                          long t1 = System.nanoTime();
                          total.incrementAndGet();
                          if (id != null) {
                            ids.add(id);
                          }
                          if (t1 >= countFrom && t1 <= end) {
                            counted.incrementAndGet();
                            latencies.add(t1 - t0);
                          }
                        } catch (InterruptedException e) {
                          return;
                        } catch (Exception e) {
                          failed.incrementAndGet();
                          firstFailure.compareAndSet(null, e.toString());
                          try {
                            Thread.sleep(100); // a failing system is not hammered
                          } catch (InterruptedException ie) {
                            return;
                          }
                        }
                      }
                    }));
      }
      Joins.all(threads, end + Duration.ofMinutes(2).toNanos());
    } finally {
      progress.close();
    }
    return new Result(
        counted.get(),
        window.toNanos() / 1e9,
        total.get(),
        failed.get(),
        firstFailure.get(),
        List.copyOf(ids),
        latencies);
  }
}
