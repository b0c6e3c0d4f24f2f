package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.email.EmailBatchJob;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import dev.jobqueue.store.StagedBatch;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two requests under one Idempotency-Key with different batches, at the same time: whichever starts
 * the job, the job sends its own request's recipients, and the other request is refused without
 * touching them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchStagingRaceTest {
  private static final long CEILING_SECONDS = 30;
  private static final Holds HOLDS = new Holds();
  private static final TestApi API = new TestApi().afterStaging(HOLDS).start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final BatchStore STORE = new BatchStore(API.batchStore);

  @AfterAll
  static void stop() {
    API.close();
  }

  /** A request's thread held after it staged its batch, until the test lets it start its job. */
  private static final class Hold {
    final CountDownLatch staged = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    void awaitStaged() throws InterruptedException {
      assertThat(staged.await(CEILING_SECONDS, TimeUnit.SECONDS)).as("staged").isTrue();
    }
  }

  /** Holds the threads a test names; every other request passes. */
  private static final class Holds implements JobStarter.AfterStaging {
    private final Map<Thread, Hold> holds = new ConcurrentHashMap<>();

    Hold hold(Thread thread) {
      var hold = new Hold();
      holds.put(thread, hold);
      return hold;
    }

    @Override
    public void staged(JobRef job, BatchManifest manifest) {
      Hold hold = holds.remove(Thread.currentThread());
      if (hold == null) {
        return;
      }
      hold.staged.countDown();
      try {
        if (!hold.released.await(CEILING_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private record Answer(int status, JsonNode body) {}

  /** A submission on a thread of its own, not yet started. */
  private static final class Request {
    final CompletableFuture<Answer> answer = new CompletableFuture<>();
    final Thread thread;

    Request(String body, String key, CyclicBarrier barrier) {
      thread =
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    try {
                      if (barrier != null) {
                        barrier.await(CEILING_SECONDS, TimeUnit.SECONDS);
                      }
                      try (Response response = ACME.post(body, key)) {
                        answer.complete(new Answer(response.getStatus(), ApiCalls.json(response)));
                      }
                    } catch (Throwable e) {
                      answer.completeExceptionally(e);
                    }
                  });
    }

    Request start() {
      thread.start();
      return this;
    }

    Answer answer() throws Exception {
      return answer.get(CEILING_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static List<String> recipients(String name, int count) {
    return IntStream.range(0, count).mapToObj(i -> name + i + "@example.com").toList();
  }

  private static String batch(List<String> recipients) {
    var items = new ArrayList<String>();
    for (String to : recipients) {
      items.add("{\"to\": \"" + to + "\", \"vars\": {\"name\": \"x\"}}");
    }
    return """
    {"type": "email-batch", "payload": {"template": {"subject": "Hi {{name}}", "text": "x"},
     "recipients": [%s]}}
    """
        .formatted(String.join(", ", items));
  }

  /** The input the job's workflow was started with: what its chunks will read. */
  private static EmailBatchJob input(String jobId) {
    var history = API.client().fetchHistory("acme/" + jobId);
    var payloads =
        history.getEvents().getFirst().getWorkflowExecutionStartedEventAttributes().getInput();
    return API.client()
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(payloads), EmailBatchJob.class, EmailBatchJob.class);
  }

  /** The recipients the job's input names in the batch store: those its email fleet will send. */
  private static List<String> sends(String jobId) throws IOException {
    var manifest = input(jobId).manifest();
    var sent = new ArrayList<String>();
    for (int chunk = 0; chunk < manifest.chunks(); chunk++) {
      STORE.readChunk(manifest.name(), chunk).stream().map(BatchItem::to).forEach(sent::add);
    }
    return sent;
  }

  /** The batch the job's input names. */
  private static BatchName named(String jobId) {
    return input(jobId).manifest().name();
  }

  /** Every batch of the job in the store. */
  private static List<StagedBatch> stagedFor(String jobId) throws IOException {
    return STORE.stagedBatches().stream().filter(b -> b.job().jobId().equals(jobId)).toList();
  }

  @Test
  void theFirstToStartSendsItsOwnBatchThoughTheOtherStagedAfterIt() throws Exception {
    var first = recipients("first", 3);
    var second = recipients("second", 2);
    var a = new Request(batch(first), "race-first-starts", null);
    var b = new Request(batch(second), "race-first-starts", null);
    Hold holdA = HOLDS.hold(a.thread);
    Hold holdB = HOLDS.hold(b.thread);

    a.start();
    holdA.awaitStaged();
    b.start();
    holdB.awaitStaged(); // both batches staged, neither job started
    holdA.released.countDown();
    Answer accepted = a.answer();
    holdB.released.countDown();
    Answer refused = b.answer();

    assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
    assertThat(refused.status()).as("%s", refused.body()).isEqualTo(422);
    String jobId = accepted.body().get("jobId").asText();
    assertThat(sends(jobId)).isEqualTo(first);
    // the refused request removed its own batch, and only that
    assertThat(stagedFor(jobId)).extracting(StagedBatch::name).containsExactly(named(jobId));
  }

  @Test
  void theLaterToStageSendsItsOwnBatchWhenItStartsFirst() throws Exception {
    var first = recipients("early", 3);
    var second = recipients("late", 2);
    var a = new Request(batch(first), "race-second-starts", null);
    var b = new Request(batch(second), "race-second-starts", null);
    Hold holdA = HOLDS.hold(a.thread);

    a.start();
    holdA.awaitStaged();
    Answer accepted = b.start().answer(); // staged after a, started before it
    holdA.released.countDown();
    Answer refused = a.answer();

    assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
    assertThat(refused.status()).as("%s", refused.body()).isEqualTo(422);
    String jobId = accepted.body().get("jobId").asText();
    assertThat(sends(jobId)).isEqualTo(second);
    assertThat(stagedFor(jobId)).extracting(StagedBatch::name).containsExactly(named(jobId));
  }

  @Test
  void aRefusedRequestRemovesOnlyTheBatchItStagedItselfNotOneItFoundThere() throws Exception {
    var ours = recipients("twice", 2);
    var theirs = recipients("winner", 3);
    String key = "race-same-body-twice";
    var first = new Request(batch(ours), key, null);
    var again = new Request(batch(ours), key, null); // a retry of it, at the same time
    Hold holdFirst = HOLDS.hold(first.thread);
    Hold holdAgain = HOLDS.hold(again.thread);
    first.start();
    holdFirst.awaitStaged();
    again.start();
    holdAgain.awaitStaged(); // found the batch staged, did not stage it
    Answer accepted = new Request(batch(theirs), key, null).start().answer();
    assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
    String jobId = accepted.body().get("jobId").asText();

    holdAgain.released.countDown();
    assertThat(again.answer().status()).isEqualTo(422);
    assertThat(stagedFor(jobId)).as("the retry left the batch it found").hasSize(2);
    holdFirst.released.countDown();
    assertThat(first.answer().status()).isEqualTo(422);

    assertThat(sends(jobId)).isEqualTo(theirs);
    assertThat(stagedFor(jobId)).extracting(StagedBatch::name).containsExactly(named(jobId));
  }

  @Test
  void concurrentRequestsUnderOneKeyStartOneJobThatSendsItsOwnBatch() throws Exception {
    for (int round = 0; round < 10; round++) {
      String key = "race-concurrent-" + round;
      var ours = recipients("ours" + round + "-", 2);
      var theirs = recipients("theirs" + round + "-", 3);
      var barrier = new CyclicBarrier(2);
      var a = new Request(batch(ours), key, barrier).start();
      var b = new Request(batch(theirs), key, barrier).start();
      Answer answerA = a.answer();
      Answer answerB = b.answer();

      assertThat(List.of(answerA.status(), answerB.status()))
          .as("round %d: %s, %s", round, answerA.body(), answerB.body())
          .containsExactlyInAnyOrder(202, 422);
      boolean oursStarted = answerA.status() == 202;
      String jobId = (oursStarted ? answerA : answerB).body().get("jobId").asText();
      assertThat(sends(jobId)).as("round %d", round).isEqualTo(oursStarted ? ours : theirs);
      assertThat(stagedFor(jobId))
          .as("round %d", round)
          .extracting(StagedBatch::name)
          .containsExactly(named(jobId));
    }
  }
}
