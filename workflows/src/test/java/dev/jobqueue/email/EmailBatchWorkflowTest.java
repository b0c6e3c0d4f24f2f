package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.batch.BatchLimits;
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
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    // the workflow on the email queue, its chunks on the bulk lane, as on the real fleet
    env.newWorker(TaskQueues.EMAIL)
        .registerWorkflowImplementationTypes(EmailBatchWorkflowImpl.class);
    env.newWorker(
            TaskQueues.EMAIL_BULK,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(200))
                .build())
        .registerActivitiesImplementations(activities);
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
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
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
        .startsWith("2 of 50 items dead-lettered")
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
        .satisfies(
            r -> {
              assertThat(r.chunk()).isEqualTo(3);
              assertThat(r.pass()).isEqualTo(2);
              assertThat(r.maxAttempts()).isEqualTo(RetryBudget.DEFAULT.maxAttempts());
              assertThat(r.total()).isEqualTo(RetryBudget.DEFAULT.total());
              assertThat(r.inRounds()).isTrue();
              assertThat(r.lastRun()).isFalse();
            });
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
        for (long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
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

  /** A chunk run as the fake saw it: its request and the activity attempt it was. */
  private record Run(ChunkRequest request, int attempt) {}

  /**
   * Chunks 1 and 3 defer {@code deferred} items in their first run, due {@code wait} after the
   * workflow's time of that run (chunk 3 {@code later} more); every later run takes them.
   */
  private static final class Deferring implements EmailBatchActivities {
    final List<Run> runs = new CopyOnWriteArrayList<>();
    final CountDownLatch firstFive = new CountDownLatch(5);
    final Duration wait;
    final Duration later;

    Deferring(Duration wait, Duration later) {
      this.wait = wait;
      this.later = later;
    }

    @Override
    public ChunkResult sendChunk(ChunkRequest request) {
      runs.add(new Run(request, Activity.getExecutionContext().getInfo().getAttempt()));
      firstFive.countDown();
      boolean first =
          runs.stream().filter(r -> r.request().chunk() == request.chunk()).count() == 1;
      if (first && (request.chunk() == 1 || request.chunk() == 3)) {
        Instant due = request.dueBy().plus(wait).plus(request.chunk() == 3 ? later : Duration.ZERO);
        return new ChunkResult(request.chunk(), 7, 0, 0, List.of(), 3, due);
      }
      return allAccepted(request, 10);
    }

    List<Run> runsOf(int chunk) {
      return runs.stream().filter(r -> r.request().chunk() == chunk).toList();
    }
  }

  private long timersFired(JobRef job) {
    return env.getWorkflowClient().fetchHistory(job.workflowId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)
        .count();
  }

  @Test
  void aChunkThatReportsDeferredItemsRunsAgainOnceTheyAreDueNotRetriedAsAFailure()
      throws Exception {
    var job = new JobRef("batch-deferred", "acme");
    var chunks = new Deferring(Duration.ofMinutes(4), Duration.ofMinutes(3));

    EmailBatchWorkflow workflow = start(chunks, manifest(job, 5, 10));
    EmailBatchResult result = result(job);

    assertThat(result).isEqualTo(new EmailBatchResult(50, 50, 5, 1));
    assertThat(workflow.progress()).isEqualTo(new BatchProgress(5, 5, 50, 0, 0));
    for (int chunk : List.of(1, 3)) {
      List<Run> runs = chunks.runsOf(chunk);
      assertThat(runs).as("chunk %d", chunk).hasSize(2);
      Run first = runs.get(0);
      Run again = runs.get(1);
      Duration waited = Duration.between(first.request().dueBy(), again.request().dueBy());
      assertThat(waited)
          .as("chunk %d waited for its items on a timer", chunk)
          .isGreaterThanOrEqualTo(Duration.ofMinutes(chunk == 3 ? 7 : 4));
      assertThat(again.attempt()).as("a new activity, not a retry").isEqualTo(1);
      assertThat(again.request().lastRun()).isFalse();
    }
    assertThat(chunks.runs).hasSize(7).allSatisfy(r -> assertThat(r.attempt()).isEqualTo(1));
    assertThat(timersFired(job))
        .as("one round each: their items are due 3 minutes apart")
        .isEqualTo(2);
    assertThat(attribute(job, JobSearchAttributes.JOB_STATUS)).isEqualTo("SUCCEEDED");
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(job.workflowId()), EmailBatchWorkflowImpl.class);
  }

  @Test
  void chunksWhoseItemsComeDueTogetherRunAgainInOneRound() {
    var job = new JobRef("batch-one-round", "acme");
    var chunks = new Deferring(Duration.ofMinutes(4), Duration.ZERO);

    start(chunks, manifest(job, 5, 10));
    result(job);

    assertThat(chunks.runsOf(1)).hasSize(2);
    assertThat(chunks.runsOf(3)).hasSize(2);
    assertThat(timersFired(job)).isEqualTo(1);
  }

  @Test
  void aJobCancelledWhileItsChunksWaitForTheirRoundEndsCancelled() throws Exception {
    var job = new JobRef("batch-cancel-waiting", "acme");
    var chunks = new Deferring(Duration.ofHours(1), Duration.ZERO);
    start(chunks, manifest(job, 5, 10));
    assertThat(chunks.firstFive.await(2, TimeUnit.MINUTES)).as("every chunk ran once").isTrue();

    var stub = env.getWorkflowClient().newUntypedWorkflowStub(job.workflowId());
    stub.cancel();

    assertThatThrownBy(() -> stub.getResult(EmailBatchResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(attribute(job, JobSearchAttributes.JOB_STATUS)).isEqualTo("CANCELLED");
    assertThat(chunks.runs).hasSize(5);
  }

  @Test
  void theReRunBudgetReservesALastRunForEveryChunkThatMayNeedOne() {
    assertThat(RetryRounds.RERUNS_PER_PASS).isGreaterThanOrEqualTo(BatchLimits.MAX_CHUNKS);
  }
}
