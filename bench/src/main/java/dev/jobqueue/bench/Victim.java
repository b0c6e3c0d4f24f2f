package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.testing.ApiClient;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The isolation phase's victim: a tenant sending single {@code email} jobs at a light fixed rate,
 * open loop, each timed from its 202 to its SUCCEEDED. At this rate the API does not coalesce them
 * (its threshold is 10 a second per tenant), so each is a workflow of its own, seen through the
 * SDK's long-poll for the result; should one be grouped all the same, its status document's {@code
 * updatedAt} gives the moment (and it is counted).
 */
final class Victim {
  /** Emails a second: a third of what the per-job path carries on this machine. */
  static final double RATE = 5;

  /** The longest a victim's email may take to succeed before it counts as failed. */
  private static final Duration DELIVERY = Duration.ofMinutes(2);

  /**
   * @param grouped emails the API coalesced into a group all the same
   * @param cores what each process used while the victim's emails were submitted and delivered
   */
  record Result(OpenLoop.Result loop, long grouped, Map<String, Object> cores) {
    double p50() {
      return withUndelivered().percentileMillis(50);
    }

    double p99() {
      return withUndelivered().percentileMillis(99);
    }

    /**
     * The delivered emails' latencies, and every email not delivered (not within {@link #DELIVERY},
     * or failed) as {@link #DELIVERY}: a lower bound, so that what never arrived cannot flatter the
     * percentiles by being left out.
     */
    Latencies withUndelivered() {
      var all = new Latencies();
      loop.acceptToDelivered().forEach(all::add);
      for (long i = loop.delivered(); i < loop.submitted(); i++) {
        all.add(DELIVERY.toNanos());
      }
      return all;
    }
  }

  private final ApiClient api;
  private final WorkflowClient client;
  private final String tenant;
  private final Supplier<Map<String, Long>> pids;
  private final AtomicLong sequence = new AtomicLong(3L << 40); // apart from other phases' emails

  /**
   * @param pids the processes whose CPU use each run records, by name, read at its start and end
   */
  Victim(ApiClient api, WorkflowClient client, String tenant, Supplier<Map<String, Long>> pids) {
    this.api = api;
    this.client = client;
    this.tenant = tenant;
    this.pids = pids;
  }

  Result run(String label, Duration window) throws InterruptedException {
    var cpu = CpuTimes.sample(pids.get());
    var grouped = new AtomicLong();
    var loop =
        OpenLoop.run(
            "victim, " + label,
            RATE,
            window,
            DELIVERY,
            scheduled -> {
              long i = sequence.incrementAndGet();
              var accepted = api.submit(Transactional.body(Mail.recipient("v", i), i));
              String own = new JobRef(accepted.jobId(), tenant).workflowId();
              if (own.equals(accepted.workflowId())) {
                client
                    .newUntypedWorkflowStub(own)
                    .getResult(DELIVERY.toSeconds(), TimeUnit.SECONDS, SendEmailResult.class);
                return new OpenLoop.Timing(accepted.acceptedNanos(), System.nanoTime());
              }
              grouped.incrementAndGet();
              long millis = succeededAtMillis(accepted.jobId()) - accepted.acceptedEpochMillis();
              return new OpenLoop.Timing(
                  accepted.acceptedNanos(),
                  accepted.acceptedNanos() + TimeUnit.MILLISECONDS.toNanos(millis));
            });
    return new Result(loop, grouped.get(), CpuTimes.sample(pids.get()).coresSince(cpu));
  }

  /** When the job's group recorded it SUCCEEDED, by the API's clock (this machine's). */
  private long succeededAtMillis(String jobId) throws Exception {
    long deadline = System.nanoTime() + DELIVERY.toNanos();
    while (true) {
      JsonNode doc = api.job(jobId);
      String status = doc.path("status").asText();
      if (status.equals("SUCCEEDED")) {
        return Instant.parse(doc.path("updatedAt").asText()).toEpochMilli();
      }
      if (Set.of("DEAD_LETTERED", "CANCELLED").contains(status) || System.nanoTime() > deadline) {
        throw new IllegalStateException("victim job " + jobId + " " + status + ": " + doc);
      }
      Thread.sleep(100); // its group has not recorded it yet
    }
  }
}
