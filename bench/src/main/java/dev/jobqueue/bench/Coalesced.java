package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code email} jobs through an API that coalesces them into group workflows, one POST each, with
 * as many requests in flight as a busy web tier has. Nothing watches the jobs while the phase runs
 * (a status read per email would be the load): an email is delivered when the sink has taken it,
 * and the accept-to-delivered latency is read afterwards from a sample of the jobs' own status
 * documents, the moment their group recorded them SUCCEEDED ({@code updatedAt}) less the moment the
 * client had its 202, both on this machine's clock.
 */
final class Coalesced {
  /** The longest the sink may take to receive what was accepted, once submitting stops. */
  private static final Duration DRAIN = Duration.ofMinutes(5);

  /**
   * The most-loaded run.
   *
   * @param delivered emails the sink took during the window: the steady delivered rate, whatever
   *     the API accepted faster
   * @param accepted every email the API acknowledged, the warm-up's included
   * @param drainSeconds from the end of submitting until the sink had taken every accepted email
   * @param groups distinct group workflows that carried them
   */
  record Max(
      long delivered,
      double seconds,
      long accepted,
      double drainSeconds,
      int groups,
      ClosedLoop.Result loop) {
    double perSecond() {
      return delivered / seconds;
    }
  }

  /**
   * @param sampled jobs whose status was read after the run, each SUCCEEDED
   * @param acceptToSucceeded the 202 to the group's record of the job's success
   */
  record AtRate(
      OpenLoop.Result loop,
      double drainSeconds,
      int groups,
      int sampled,
      Latencies acceptToSucceeded) {}

  private final ApiClient api;
  private final SmtpSink sink;
  private final AtomicLong sequence = new AtomicLong(1L << 40); // apart from the per-job phase's

  Coalesced(ApiClient api, SmtpSink sink) {
    this.api = api;
    this.sink = sink;
  }

  /**
   * Runs the restarted API's code paths hot before anything is measured: its JIT would otherwise be
   * counted as the cost of the phase's first emails.
   */
  void warmUp(Settings settings) throws Exception {
    long sinkBefore = sink.received();
    var loop =
        ClosedLoop.run(
            "coalesced warm-up",
            "emails accepted",
            settings.coalescedInFlight(),
            Duration.ZERO,
            settings.warmup(),
            () -> {
              submit();
              return null;
            });
    awaitSink(sinkBefore, loop.total());
  }

  Max max(Settings settings) throws Exception {
    long sinkBefore = sink.received();
    var groups = ConcurrentHashMap.<String>newKeySet();
    var window = new long[2];
    long start = System.nanoTime();
    var marks =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    sleepUntil(start + settings.warmup().toNanos());
                    window[0] = sink.received();
                    sleepUntil(start + (settings.warmup().plus(settings.window())).toNanos());
                    window[1] = sink.received();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    var loop =
        ClosedLoop.run(
            "coalesced",
            "emails accepted",
            settings.coalescedInFlight(),
            settings.warmup(),
            settings.window(),
            () -> {
              groups.add(submit().workflowId());
              return null;
            });
    marks.join();
    long submittedUntil = System.nanoTime();
    awaitSink(sinkBefore, loop.total());
    return new Max(
        window[1] - window[0],
        settings.window().toNanos() / 1e9,
        loop.total(),
        (System.nanoTime() - submittedUntil) / 1e9,
        groups.size(),
        loop);
  }

  AtRate atRate(double rate, Settings settings) throws Exception {
    long sinkBefore = sink.received();
    var accepted = new ConcurrentLinkedQueue<ApiClient.Accepted>();
    var loop =
        OpenLoop.run(
            "coalesced at " + Math.round(rate) + "/s",
            rate,
            settings.window(),
            Duration.ofMinutes(2),
            scheduled -> {
              var a = submit();
              accepted.add(a);
              return OpenLoop.Timing.acceptedOnly(a.acceptedNanos());
            });
    long submittedUntil = System.nanoTime();
    awaitSink(sinkBefore, loop.accepted());
    double drain = (System.nanoTime() - submittedUntil) / 1e9;

    var sample = new ArrayList<>(accepted);
    Collections.shuffle(sample, new Random(1));
    sample = new ArrayList<>(sample.subList(0, Math.min(settings.latencySample(), sample.size())));
    var latencies = new Latencies();
    for (var job : sample) {
      JsonNode doc = succeeded(job.jobId());
      long succeededAt = Instant.parse(doc.path("updatedAt").asText()).toEpochMilli();
      latencies.add(Duration.ofMillis(succeededAt - job.acceptedEpochMillis()).toNanos());
    }
    int groups = (int) accepted.stream().map(ApiClient.Accepted::workflowId).distinct().count();
    return new AtRate(loop, drain, groups, sample.size(), latencies);
  }

  /** One more email, POSTed on its own; its answer once the API acknowledged it. */
  private ApiClient.Accepted submit() throws Exception {
    return api.submit(Transactional.body(sequence.incrementAndGet()));
  }

  /** The job's status document once SUCCEEDED; throws if it ends otherwise or takes too long. */
  private JsonNode succeeded(String jobId) throws Exception {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (true) {
      JsonNode doc = api.job(jobId);
      String status = doc.path("status").asText();
      if (status.equals("SUCCEEDED")) {
        return doc;
      }
      if (Set.of("DEAD_LETTERED", "CANCELLED").contains(status)) {
        throw new IllegalStateException("coalesced job " + jobId + " ended " + doc);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("coalesced job " + jobId + " still " + status);
      }
      Thread.sleep(200); // its group has not recorded it yet; the bench polls, a test would await
    }
  }

  /** Waits until the sink has taken {@code emails} messages since it had {@code before}. */
  private void awaitSink(long before, long emails) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    long count = before + emails;
    var progress =
        new PhaseProgress(
            "coalesced, to the sink", "emails of " + emails, () -> sink.received() - before);
    try {
      while (sink.received() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              String.format(
                  "the sink took %,d fewer emails than the API accepted within %s",
                  count - sink.received(), DRAIN));
        }
        Thread.sleep(100);
      }
    } finally {
      progress.close();
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    for (long left; (left = nanos - System.nanoTime()) > 0; ) {
      Thread.sleep(Duration.ofNanos(left));
    }
  }
}
