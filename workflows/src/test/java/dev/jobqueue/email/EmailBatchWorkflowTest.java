package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.job.TestFailures;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailBatchWorkflowTest {
  private static final MessageTemplate TEMPLATE =
      new MessageTemplate(null, null, "Hello {{name}}", "Hi {{name}}", null, null);

  private TestWorkflowEnvironment env;

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  private static BatchManifest manifest(JobRef job, int chunks, int chunkSize) {
    return BatchManifest.of(job, chunks * chunkSize, chunkSize, TEMPLATE);
  }

  /** Answers each chunk with {@code answer}, recording every call. */
  private static final class FakeChunks implements EmailBatchActivities {
    final List<ChunkRequest> calls = new CopyOnWriteArrayList<>();
    final Function<ChunkRequest, ChunkResult> answer;

    FakeChunks(Function<ChunkRequest, ChunkResult> answer) {
      this.answer = answer;
    }

    @Override
    public ChunkResult sendChunk(ChunkRequest request) {
      calls.add(request);
      return answer.apply(request);
    }
  }

  private static ChunkResult allAccepted(ChunkRequest request, int chunkSize) {
    return new ChunkResult(request.chunk(), chunkSize, 0, 0, List.of());
  }

  private EmailBatchWorkflow start(EmailBatchActivities activities, BatchManifest manifest) {
    // as on the real fleet: a cancellation reaches a heartbeating chunk promptly
    var worker =
        env.newWorker(
            TaskQueues.EMAIL,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(200))
                .build());
    worker.registerWorkflowImplementationTypes(EmailBatchWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailBatchWorkflow.class,
                JobTestEnvironment.options(manifest.job(), JobType.EMAIL_BATCH));
    WorkflowClient.start(workflow::send, new EmailBatchJob(manifest.job(), manifest));
    return workflow;
  }

  private EmailBatchResult result(JobRef job) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(job.workflowId())
        .getResult(EmailBatchResult.class);
  }

  private String attribute(JobRef job, io.temporal.common.SearchAttributeKey<String> key) {
    return JobTestEnvironment.searchAttribute(env.getWorkflowClient(), job, key);
  }

  private void awaitStatus(JobRef job, String status) {
    for (int i = 0; i < 600; i++) {
      if (status.equals(attribute(job, JobSearchAttributes.JOB_STATUS))) {
        return;
      }
      env.sleep(Duration.ofSeconds(1)); // test time: the server skips ahead
    }
    throw new AssertionError(job + " never reached " + status);
  }

  @Test
  void succeedsWithTheTotalsOfEveryChunk() {
    var job = new JobRef("batch-1", "acme");
    var manifest = manifest(job, 40, 25);
    var fake = new FakeChunks(r -> allAccepted(r, 25));

    EmailBatchWorkflow workflow = start(fake, manifest);
    EmailBatchResult result = result(job);

    assertThat(result).isEqualTo(new EmailBatchResult(1_000, 1_000, 40, 1));
    assertThat(fake.calls)
        .extracting(ChunkRequest::chunk)
        .containsExactlyInAnyOrderElementsOf(range(40));
    assertThat(fake.calls)
        .allSatisfy(
            r -> {
              assertThat(r.pass()).isEqualTo(1);
              assertThat(r.job()).isEqualTo(job);
            });
    assertThat(workflow.progress()).isEqualTo(new BatchProgress(40, 40, 1_000, 0));
    assertThat(attribute(job, JobSearchAttributes.JOB_STATUS)).isEqualTo("SUCCEEDED");
    assertThat(attribute(job, JobSearchAttributes.JOB_TYPE)).isEqualTo("email-batch");
  }

  /**
   * Holds every chunk until as many are in flight as the workflow should allow, then lets that wave
   * go: a workflow running fewer at once stalls the test, one running more is caught.
   */
  private static final class Waves implements EmailBatchActivities {
    final int total;
    final int cap;
    final Map<Integer, Integer> runs = new ConcurrentHashMap<>();
    int inFlight;
    int maxInFlight;
    int finished;
    int wave;

    Waves(int total, int cap) {
      this.total = total;
      this.cap = cap;
    }

    @Override
    public synchronized ChunkResult sendChunk(ChunkRequest request) {
      runs.merge(request.chunk(), 1, Integer::sum);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      int mine = wave;
      if (inFlight >= Math.min(cap, total - finished)) {
        wave++;
        notifyAll();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (wave == mine) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("only " + inFlight + " chunks ran at once, expected " + cap);
        }
        try {
          wait(left / 1_000_000 + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      inFlight--;
      finished++;
      return allAccepted(request, 10);
    }
  }

  @Test
  void runsAtMostTheCapOfChunksAtOnce() {
    var job = new JobRef("batch-waves", "acme");
    int chunks = 2 * EmailBatchWorkflowImpl.MAX_PENDING_CHUNKS + 5;
    var waves = new Waves(chunks, EmailBatchWorkflowImpl.MAX_PENDING_CHUNKS);

    start(waves, manifest(job, chunks, 10));
    EmailBatchResult result = result(job);

    assertThat(result.accepted()).isEqualTo(chunks * 10);
    assertThat(waves.maxInFlight).isEqualTo(EmailBatchWorkflowImpl.MAX_PENDING_CHUNKS);
    assertThat(waves.runs)
        .hasSize(chunks)
        .allSatisfy((chunk, runs) -> assertThat(runs).isEqualTo(1));
  }

  /** Chunk 3 refuses two recipients in the first pass and takes them in any later one. */
  private static ChunkResult bouncesInFirstPass(ChunkRequest request) {
    if (request.chunk() == 3 && request.pass() == 1) {
      return new ChunkResult(
          3,
          8,
          2,
          0,
          List.of(
              new RecipientFailure(
                  "bounce@simulator.jobqueue.test", 550, "550 5.1.1 mailbox unavailable"),
              new RecipientFailure("gone@example.org", 550, "550 5.1.1 no such user")));
    }
    return allAccepted(request, 10);
  }

  @Test
  void refusedRecipientsDeadLetterTheJobAsRecipientsRejected() {
    var job = new JobRef("batch-bounce", "acme");
    var fake = new FakeChunks(EmailBatchWorkflowTest::bouncesInFirstPass);

    EmailBatchWorkflow workflow = start(fake, manifest(job, 5, 10));
    awaitStatus(job, "DEAD_LETTERED");

    assertThat(attribute(job, JobSearchAttributes.ERROR_TYPE)).isEqualTo("RecipientsRejected");
    DeadLetter letter = JobTestEnvironment.deadLetter(env.getWorkflowClient(), job);
    assertThat(letter.errorType()).isEqualTo("RecipientsRejected");
    assertThat(letter.message())
        .startsWith("2 of 50 items refused for good")
        .contains(
            "bounce@simulator.jobqueue.test (550 550 5.1.1 mailbox unavailable)",
            "gone@example.org");
    assertThat(fake.calls).hasSize(5);
    assertThat(workflow.progress()).isEqualTo(new BatchProgress(5, 5, 48, 2));
  }

  @Test
  void redriveRerunsOnlyChunksWithRefusedItemsAndSucceeds() {
    var job = new JobRef("batch-redrive", "acme");
    var fake = new FakeChunks(EmailBatchWorkflowTest::bouncesInFirstPass);
    EmailBatchWorkflow workflow = start(fake, manifest(job, 5, 10));
    awaitStatus(job, "DEAD_LETTERED");

    workflow.redrive(new Redrive<>(null));
    EmailBatchResult result = result(job);

    assertThat(result).isEqualTo(new EmailBatchResult(50, 50, 5, 2));
    assertThat(fake.calls).hasSize(6);
    assertThat(fake.calls.getLast())
        .isEqualTo(new ChunkRequest(job, 3, 2, RetryBudget.DEFAULT.maxAttempts()));
    assertThat(attribute(job, JobSearchAttributes.JOB_STATUS)).isEqualTo("SUCCEEDED");
    assertThat(attribute(job, JobSearchAttributes.ERROR_TYPE)).isNull();
  }

  /** Chunk 0 is refused outright; every other chunk runs until it is cancelled. */
  private static final class RelayGone implements EmailBatchActivities {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger cancelled = new AtomicInteger();

    @Override
    public ChunkResult sendChunk(ChunkRequest request) {
      started.incrementAndGet();
      if (request.chunk() == 0) {
        throw TestFailures.of(ErrorType.SmtpRejected, "554 5.7.1 sender blocked");
      }
      var context = Activity.getExecutionContext();
      try {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            System.nanoTime() < deadline; ) {
          context.heartbeat(new ChunkProgress(0, 10));
          Thread.sleep(10); // a chunk at work; the heartbeat is how cancellation reaches it
        }
      } catch (ActivityCanceledException e) {
        cancelled.incrementAndGet();
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new AssertionError("chunk " + request.chunk() + " was never cancelled");
    }
  }

  @Test
  void chunkThatFailsForGoodStopsTheOthersAndParksTheJob() {
    var job = new JobRef("batch-gone", "acme");
    var relay = new RelayGone();

    start(relay, manifest(job, 100, 10));
    awaitStatus(job, "DEAD_LETTERED");

    assertThat(JobTestEnvironment.deadLetter(env.getWorkflowClient(), job).errorType())
        .isEqualTo("SmtpRejected");
    // at most a window of chunks ran (how many had started when chunk 0 was refused is the
    // machine's timing), and the job parked only once every other one had stopped: none is still
    // sending into a redrive
    assertThat(relay.started.get()).isBetween(1, EmailBatchWorkflowImpl.MAX_PENDING_CHUNKS);
    assertThat(relay.cancelled).hasValue(relay.started.get() - 1);
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }
}
