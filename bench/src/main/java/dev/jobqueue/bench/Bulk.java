package dev.jobqueue.bench;

import dev.jobqueue.email.EmailBatchResult;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code email-batch} jobs through the REST API: a few large templated batches in flight, a new
 * one submitted as one finishes, until the window is over. The rate counts only jobs that
 * SUCCEEDED (every recipient taken by the sink), from the first POST to the last success, so
 * staging, ramp-up and the last job's tail are all inside it.
 */
final class Bulk {
  /** One batch job, start to finish. */
  record Job(String workflowId, int emails, long submittedNanos, long deliveredNanos) {}

  /** @param warmupEmails sent before the window by the uncounted warm-up batch */
  record Result(
      List<Job> jobs, long emails, double seconds, long sinkReceived, int recipientsPerJob,
      long warmupEmails) {
    double perSecond() {
      return emails / seconds;
    }
  }

  /** The API does not serve {@code email-batch} (yet): the phase cannot run. */
  static final class NotServed extends RuntimeException {
    NotServed(String message) {
      super(message);
    }
  }

  private static final int SMALLEST = 1_000;
  private static final int WARMUP_RECIPIENTS = 5_000;

  private final Api api;
  private final WorkflowClient client;
  private final SmtpSink sink;
  private final AtomicLong sequence = new AtomicLong();

  Bulk(Api api, WorkflowClient client, SmtpSink sink) {
    this.api = api;
    this.client = client;
    this.sink = sink;
  }

  Result run(Settings settings) throws Exception {
    // one small batch first, uncounted, so that the worker's bulk code is compiled (JIT) before
    // the window, as every other phase warms up before it counts
    Job warmup = oneJob(new AtomicInteger(WARMUP_RECIPIENTS));
    var size = new AtomicInteger(settings.bulkRecipients());
    var jobs = new ConcurrentLinkedQueue<Job>();
    var failure = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
    long sinkBefore = sink.received();
    long start = System.nanoTime();
    long end = start + settings.bulkWindow().toNanos();
    var threads = new ArrayList<Thread>();
    var progress = new Progress("bulk", "emails taken by the sink", () -> sink.received() - sinkBefore);
    try {
      for (int t = 0; t < settings.bulkJobsInFlight(); t++) {
        threads.add(Thread.ofVirtual().start(() -> {
          try {
            while (System.nanoTime() < end && failure.get() == null) {
              jobs.add(oneJob(size));
            }
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } catch (Exception e) {
            failure.compareAndSet(null, new IllegalStateException(e));
          }
        }));
      }
      Joins.all(threads, end + TimeUnit.MINUTES.toNanos(30));
    } finally {
      progress.close();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long first = jobs.stream().mapToLong(Job::submittedNanos).min().orElse(start);
    long last = jobs.stream().mapToLong(Job::deliveredNanos).max().orElse(start);
    Thread.sleep(200); // the sink's counter line for the last message
    return new Result(List.copyOf(jobs), jobs.stream().mapToLong(Job::emails).sum(),
        (last - first) / 1e9, sink.received() - sinkBefore, size.get(), warmup.emails());
  }

  private Job oneJob(AtomicInteger size) throws Exception {
    while (true) {
      int recipients = size.get();
      long submitted = System.nanoTime();
      try {
        var accepted = api.submit(body(sequence.incrementAndGet(), recipients));
        var result = client.newUntypedWorkflowStub(accepted.workflowId())
            .getResult(30, TimeUnit.MINUTES, EmailBatchResult.class);
        if (result.accepted() != recipients) {
          throw new IllegalStateException(accepted.workflowId() + " succeeded with " + result.accepted()
              + " of " + recipients + " recipients accepted");
        }
        return new Job(accepted.workflowId(), recipients, submitted, System.nanoTime());
      } catch (Api.Refused e) {
        if (e.status == 413 && recipients > SMALLEST) {
          size.compareAndSet(recipients, recipients / 2);
          Progress.say("bulk: the API refused %,d recipients as too large; trying %,d",
              recipients, size.get());
        } else if (e.status == 400 && e.getMessage().contains("unknown job type")) {
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
    var template = Api.JSON.createObjectNode()
        .put("subject", Mail.SUBJECT_TEMPLATE)
        .put("text", Mail.TEXT);
    json.append("{\"type\":\"email-batch\",\"payload\":{\"template\":").append(template)
        .append(",\"recipients\":[");
    String prefix = "b" + job + "-";
    for (int i = 0; i < recipients; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"to\":\"").append(Mail.recipient(prefix, i)).append("\",\"vars\":{\"name\":\"")
          .append(Mail.name(i)).append("\"}}");
    }
    return json.append("]}}").toString();
  }
}
