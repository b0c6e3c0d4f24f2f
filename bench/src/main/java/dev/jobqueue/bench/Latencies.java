package dev.jobqueue.bench;

import java.util.concurrent.ConcurrentLinkedQueue;

/** Durations collected from many threads; percentiles by nearest rank. */
final class Latencies {
  private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

  void add(long durationNanos) {
    nanos.add(durationNanos);
  }

  void forEach(java.util.function.LongConsumer each) {
    nanos.forEach(each::accept);
  }

  int count() {
    return nanos.size();
  }

  /** The {@code p}th percentile (0 < p ≤ 100) in milliseconds; NaN when empty. */
  double percentileMillis(double p) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  double maxMillis() {
    return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
  }
}
