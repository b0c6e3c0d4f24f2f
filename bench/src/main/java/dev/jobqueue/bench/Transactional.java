package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.testing.ApiClient;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code email} jobs through the REST API, each delivered when its workflow SUCCEEDED (the sink
 * answered 250), seen through the SDK's long-poll for the result. First as fast as the stack takes
 * them, with as many in flight as the raw ceiling had; then at half that rate, open loop, for the
 * accept-to-delivered latency.
 */
final class Transactional {
  private final ApiClient api;
  private final WorkflowClient client;
  private final AtomicLong sequence = new AtomicLong();

  Transactional(ApiClient api, WorkflowClient client) {
    this.api = api;
    this.client = client;
  }

  ClosedLoop.Result max(Settings settings) throws InterruptedException {
    return ClosedLoop.run(
        "transactional",
        "emails",
        settings.inFlight(),
        settings.warmup(),
        settings.window(),
        () -> {
          var accepted = api.submit(body(sequence.incrementAndGet()));
          delivered(accepted.workflowId());
          return accepted.workflowId();
        });
  }

  OpenLoop.Result atRate(double rate, Settings settings) throws InterruptedException {
    return OpenLoop.run(
        "transactional at " + Math.round(rate) + "/s",
        rate,
        settings.window(),
        Duration.ofMinutes(2),
        scheduled -> {
          var accepted = api.submit(body(sequence.incrementAndGet()));
          delivered(accepted.workflowId());
          return new OpenLoop.Timing(accepted.acceptedNanos(), System.nanoTime());
        });
  }

  private void delivered(String workflowId) throws Exception {
    // throws if the job did not succeed (or, dead-lettered, does not end)
    client.newUntypedWorkflowStub(workflowId).getResult(2, TimeUnit.MINUTES, SendEmailResult.class);
  }

  static String body(long i) {
    return body(Mail.recipient("t", i), i);
  }

  /** The bench's 1 KiB email, the {@code i}th, to {@code to}. */
  static String body(String to, long i) {
    ObjectNode job = ApiClient.JSON.createObjectNode().put("type", "email");
    ObjectNode payload = job.putObject("payload");
    payload.putArray("to").add(to);
    payload.put("subject", Mail.fill(Mail.SUBJECT_TEMPLATE, i));
    payload.put("text", Mail.fill(Mail.TEXT, i));
    return job.toString();
  }
}
