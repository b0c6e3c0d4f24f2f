package dev.jobqueue.bench;

import dev.jobqueue.email.EmailBatchResult;
import dev.jobqueue.testing.ApiClient;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * {@code email-batch} jobs through the REST API: large templated batches, a new one POSTed whenever
 * fewer than a few jobs' worth of recipients are left to send, until the window is over. The rate
 * counts only jobs that SUCCEEDED (every recipient taken by the sink), from the first POST to the
 * last success, so staging, ramp-up and the last job's tail are all inside it.
 */
final class Bulk {
  /** One batch job, start to finish: POST sent, 202 received (recipients staged), SUCCEEDED. */
  record Job(
      String workflowId,
      int emails,
      long submittedNanos,
      long acceptedNanos,
      long deliveredNanos) {}

  /**
   * @param warmupEmails sent before the window by the uncounted warm-up batches
   */
  record Result(
      List<Job> jobs,
      long emails,
      double seconds,
      long sinkReceived,
      int recipientsPerJob,
      long warmupEmails) {
    double perSecond() {
      return emails / seconds;
    }

    /** Each job's POST, 202 and success, in seconds from the first POST. */
    List<Map<String, Double>> timeline() {
      long first = jobs.stream().mapToLong(Job::submittedNanos).min().orElse(0);
      return jobs.stream()
          .sorted(java.util.Comparator.comparingLong(Job::submittedNanos))
          .map(
              j ->
                  Map.of(
                      "posted_s", (j.submittedNanos() - first) / 1e9,
                      "accepted_s", (j.acceptedNanos() - first) / 1e9,
                      "succeeded_s", (j.deliveredNanos() - first) / 1e9))
          .toList();
    }
  }

  /** The API does not serve {@code email-batch} (yet): the phase cannot run. */
  static final class NotServed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotServed(String message) {
      super(message);
    }
  }

  private static final int SMALLEST = 1_000;

  private final ApiClient api;
  private final WorkflowClient client;
  private final SmtpSink sink;
  private final AtomicLong sequence = new AtomicLong();

  Bulk(ApiClient api, WorkflowClient client, SmtpSink sink) {
    this.api = api;
    this.client = client;
    this.sink = sink;
  }

  Result run(Settings settings) throws Exception {
    return run(
        "bulk",
        settings.bulkWarmup(),
        postingFor(settings.bulkWindow()),
        settings.bulkRecipients(),
        settings.bulkJobsQueued());
  }

  /** True for {@code window} from its first call: the window starts when posting does. */
  static BooleanSupplier postingFor(Duration window) {
    var end = new long[1];
    return () -> {
      if (end[0] == 0) {
        end[0] = System.nanoTime() + window.toNanos();
      }
      return System.nanoTime() < end[0];
    };
  }

  /**
   * Warms up for {@code warmup} (none if zero), then POSTs jobs of {@code recipients} while {@code
   * posting} says so, keeping {@code jobsQueued} jobs' worth waiting; returns once every job POSTed
   * has succeeded.
   */
  Result run(String phase, Duration warmup, BooleanSupplier posting, int recipients, int jobsQueued)
      throws Exception {
    // smaller batches first, uncounted, so that the API's staging and the worker's sending are
    // compiled (JIT) before the window, as every other phase warms up before it counts
    long warmupEnd = System.nanoTime() + warmup.toNanos();
    long warmupEmails = 0;
    while (System.nanoTime() < warmupEnd) {
      warmupEmails += oneJob(new AtomicInteger(recipients / 5), new AtomicLong()).emails();
    }
    var size = new AtomicInteger(recipients);
    var jobs = new ConcurrentLinkedQueue<Job>();
    var failure = new AtomicReference<RuntimeException>();
    var posted = new AtomicLong(); // recipients POSTed so far
    long sinkBefore = sink.received();
    long start = System.nanoTime();
    var threads = new ArrayList<Thread>();
    var progress =
        new PhaseProgress(phase, "emails taken by the sink", () -> sink.received() - sinkBefore);
    try {
      // keep jobsQueued jobs' worth of recipients waiting to be sent, as a month-end backlog
      // would: a new job is POSTed as soon as less than that is left, not when a job finishes,
      // so that the next job is staged and running before the ones ahead of it drain
      while (posting.getAsBoolean() && failure.get() == null) {
        long waiting = posted.get() - (sink.received() - sinkBefore);
        if (waiting < (long) jobsQueued * size.get()) {
          posted.addAndGet(size.get());
          threads.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        try {
                          jobs.add(oneJob(size, posted));
                        } catch (RuntimeException e) {
                          failure.compareAndSet(null, e);
                        } catch (Exception e) {
                          failure.compareAndSet(null, new IllegalStateException(e));
                        }
                      }));
        } else {
          Thread.sleep(20); // the load generator's pace: look at the backlog 50 times a second
        }
      }
      Joins.all(threads, System.nanoTime() + TimeUnit.MINUTES.toNanos(30));
    } finally {
      progress.close();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long first = jobs.stream().mapToLong(Job::submittedNanos).min().orElse(start);
    long last = jobs.stream().mapToLong(Job::deliveredNanos).max().orElse(start);
    Thread.sleep(200); // the sink's counter line for the last message
    return new Result(
        List.copyOf(jobs),
        jobs.stream().mapToLong(Job::emails).sum(),
        (last - first) / 1e9,
        sink.received() - sinkBefore,
        size.get(),
        warmupEmails);
  }

  /**
   * POSTs one batch and waits for it to succeed with every recipient accepted.
   *
   * @param posted counted up front by the caller for {@code size}; corrected here when the API
   *     refuses that size and a smaller one is sent
   */
  private Job oneJob(AtomicInteger size, AtomicLong posted) throws Exception {
    int counted = size.get();
    while (true) {
      int recipients = size.get();
      posted.addAndGet(recipients - counted);
      counted = recipients;
      long submitted = System.nanoTime();
      try {
        var accepted = api.submit(body(sequence.incrementAndGet(), recipients));
        long acceptedAt = System.nanoTime();
        var result =
            client
                .newUntypedWorkflowStub(accepted.workflowId())
                .getResult(30, TimeUnit.MINUTES, EmailBatchResult.class);
        if (result.accepted() != recipients) {
          throw new IllegalStateException(
              accepted.workflowId()
                  + " succeeded with "
                  + result.accepted()
                  + " of "
                  + recipients
                  + " recipients accepted");
        }
        return new Job(accepted.workflowId(), recipients, submitted, acceptedAt, System.nanoTime());
      } catch (ApiClient.Refused e) {
        if (e.status() == 413 && recipients > SMALLEST) {
          size.compareAndSet(recipients, recipients / 2);
          PhaseProgress.say(
              "bulk: the API refused %,d recipients as too large; trying %,d",
              recipients, size.get());
        } else if (e.status() == 400 && e.getMessage().contains("unknown job type")) {
          throw new NotServed("the API does not serve email-batch jobs: " + e.getMessage());
        } else {
          throw e;
        }
      }
    }
  }

  /** A templated batch: the 1 KiB message, {@code recipients} addresses each with a name. */
  static String body(long job, int recipients) {
    var json = new StringBuilder(64 * recipients + 2048);
    var template =
        ApiClient.JSON
            .createObjectNode()
            .put("subject", Mail.SUBJECT_TEMPLATE)
            .put("text", Mail.TEXT);
    json.append("{\"type\":\"email-batch\",\"payload\":{\"template\":")
        .append(template)
        .append(",\"recipients\":[");
    String prefix = "b" + job + "-";
    for (int i = 0; i < recipients; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"to\":\"")
          .append(Mail.recipient(prefix, i))
          .append("\",\"vars\":{\"name\":\"")
          .append(Mail.name(i))
          .append("\"}}");
    }
    return json.append("]}}").toString();
  }
}
