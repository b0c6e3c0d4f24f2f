package dev.jobqueue.system;

import dev.jobqueue.testing.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Healthy traffic at a steady rate: one email job every {@code 1/rate} s, each to its own
 * recipient, noting when the API acknowledged it. Latency is acknowledgement → arrival at SMTP.
 */
final class SteadyLoad {
  private final ApiClient api;
  private final String prefix;
  private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
  private final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final int priority;

  SteadyLoad(ApiClient api, String prefix, int priority) {
    this.api = api;
    this.prefix = prefix;
    this.priority = priority;
  }

  /** Runs for {@code duration} at {@code perSecond} jobs a second; returns when done. */
  SteadyLoad run(Duration duration, int perSecond) throws InterruptedException {
    var scheduler = Executors.newScheduledThreadPool(4);
    long count = duration.toSeconds() * perSecond;
    var sequence = new java.util.concurrent.atomic.AtomicLong();
    scheduler.scheduleAtFixedRate(
        () -> {
          long n = sequence.getAndIncrement();
          if (n >= count) {
            return;
          }
          String to = prefix + "-" + n + "@example.com";
          try {
            var response =
                api.post(
                    "/v1/jobs",
                    "{\"type\":\"email\",\"priority\":"
                        + priority
                        + ",\"payload\":{\"to\":[\""
                        + to
                        + "\"],\"subject\":\"healthy\",\"text\":\"ok\"}}");
            if (response.status() != 202) {
              throw new IllegalStateException(
                  "healthy job refused: " + response.status() + " " + response.json());
            }
            acknowledged.put(to, System.currentTimeMillis());
          } catch (Exception e) {
            errors.add(e);
          }
        },
        0,
        1_000_000 / perSecond,
        TimeUnit.MICROSECONDS);
    Thread.sleep(duration.toMillis()); // the load's own length, not a wait for a condition
    scheduler.shutdown();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
    if (!errors.isEmpty()) {
      throw new IllegalStateException("healthy traffic failed", errors.getFirst());
    }
    return this;
  }

  Map<String, Long> acknowledged() {
    return acknowledged;
  }

  /** Latencies in ms of every delivered job, sorted; the caller awaits delivery first. */
  List<Long> latencies(RecordingSmtpServer smtp) {
    var latencies = new ArrayList<Long>();
    acknowledged.forEach(
        (to, ackAt) -> {
          var arrivals = smtp.arrivals(to);
          if (!arrivals.isEmpty()) {
            latencies.add(arrivals.getFirst() - ackAt);
          }
        });
    latencies.sort(null);
    return latencies;
  }

  static long percentile(List<Long> sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }
}
