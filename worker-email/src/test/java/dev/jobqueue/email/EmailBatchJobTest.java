package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.retry.RetryBudget;
import dev.jobqueue.runtime.AttemptReporter;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code email-batch} job: the workflow on the time-skipping test server, the chunk
 * activity as the fleet registers it, a real SMTP server, and a batch store on disk.
 */
// a workflow that never ends would hold the build until its own time limit: fail the test instead
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmailBatchJobTest {
  @TempDir Path storeDir;
  private ScriptedSmtpServer relay;
  private EmailBatchHarness harness;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    relay = ScriptedSmtpServer.start();
    harness = new EmailBatchHarness(storeDir, relay.port(), 4);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new AttemptReporter(Clock.systemUTC()))
                        .build())
                .build());
    JobSearchAttributes.registrations().forEach(env::registerSearchAttribute);
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    harness.close();
    relay.close();
  }

  /**
   * Starts the job on a worker registered as the fleet does, with {@code maxAttempts} per chunk in
   * its budget.
   */
  private EmailBatchWorkflow startJob(BatchManifest manifest, int maxAttempts) {
    return startJob(manifest, maxAttempts, harness.activities(ChunkPass.Gate.OPEN));
  }

  private EmailBatchWorkflow startJob(
      BatchManifest manifest, int maxAttempts, EmailBatchActivities activities) {
    // the workflow on the email queue, its chunks on the bulk lane
    env.newWorker(TaskQueues.EMAIL)
        .registerWorkflowImplementationTypes(EmailBatchWorkflowImpl.class);
    env.newWorker(TaskQueues.EMAIL_BULK).registerActivitiesImplementations(activities);
    env.start();
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailBatchWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(manifest.job().workflowId())
                    .setTaskQueue(TaskQueues.EMAIL)
                    .build());
    WorkflowClient.start(
        workflow::send,
        new EmailBatchJob(
            manifest.job(), manifest, new RetryBudget(maxAttempts, RetryBudget.DEFAULT.total())));
    return workflow;
  }

  private String status(JobRef job) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(job.workflowId())
        .describe()
        .getTypedSearchAttributes()
        .get(JobSearchAttributes.JOB_STATUS);
  }

  private void awaitStatus(JobRef job, String wanted) {
    for (int i = 0; i < 600 && !wanted.equals(status(job)); i++) {
      env.sleep(Duration.ofSeconds(1)); // test time: the server skips ahead
    }
    assertThat(status(job)).isEqualTo(wanted);
  }

  private Map<String, Long> deliveries() {
    return relay.received().stream()
        .flatMap(r -> r.recipients().stream())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  @Test
  void deadLettersRefusedRecipientsAndARedriveSendsOnlyThem() {
    var job = new JobRef("batch-e2e", "acme");
    var parts = new ArrayList<>(EmailBatchHarness.localParts("user", 95));
    parts.add(42, "bounce");
    EmailBatchWorkflow workflow = startJob(harness.stage(job, parts, 10), 3);

    awaitStatus(job, "DEAD_LETTERED");

    DeadLetter letter =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .describe()
            .getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(letter.errorType()).isEqualTo("RecipientsRejected");
    assertThat(letter.message())
        .startsWith("1 of 96 items dead-lettered")
        .contains("bounce@example.org (550");
    assertThat(workflow.progress()).isEqualTo(new BatchProgress(10, 10, 95, 1));
    assertThat(harness.outcomes(job))
        .filteredOn(o -> !o.status().equals("accepted"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.index()).isEqualTo(42);
              assertThat(o.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
            });
    assertThat(deliveries()).hasSize(95).allSatisfy((to, n) -> assertThat(n).isEqualTo(1));

    relay.replyToRecipient("bounce", "250 2.1.5 mailbox restored");
    workflow.redrive(new Redrive<>(null));
    EmailBatchResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .getResult(EmailBatchResult.class);

    assertThat(result).isEqualTo(new EmailBatchResult(96, 96, 10, 2));
    assertThat(status(job)).isEqualTo("SUCCEEDED");
    assertThat(deliveries()).hasSize(96).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
  }

  @Test
  void sendsTheBatchItsInputNamesAndNotAnotherStagedUnderTheSameJob() {
    var job = new JobRef("batch-named", "acme");
    var ours = harness.stage(job, EmailBatchHarness.localParts("ours", 4), 3);
    // a request under the same key whose start was refused, its batch not yet removed
    harness.stage(
        new BatchName(job, "0f".repeat(32)), EmailBatchHarness.localParts("theirs", 5), 3);

    startJob(ours, 3);
    EmailBatchResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .getResult(EmailBatchResult.class);

    assertThat(result.items()).isEqualTo(4);
    assertThat(deliveries().keySet())
        .containsExactlyInAnyOrderElementsOf(
            EmailBatchHarness.localParts("ours", 4).stream().map(p -> p + "@example.org").toList());
    assertThat(chunkRuns(job)).allSatisfy(r -> assertThat(r.batch()).isEqualTo(ours.name()));
  }

  @Test
  void aJobStartedBeforeBatchesHadHashesReadsItsBatchUnderTheJobsStem() {
    var job = new JobRef("batch-unhashed", "acme");
    var manifest =
        harness.stage(BatchName.unhashed(job), EmailBatchHarness.localParts("old", 4), 3);
    assertThat(manifest.contentHash()).isNull();

    startJob(manifest, 3);
    EmailBatchResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .getResult(EmailBatchResult.class);

    assertThat(result.accepted()).isEqualTo(4);
    assertThat(harness.outcomes(BatchName.unhashed(job)))
        .allSatisfy(o -> assertThat(o.status()).isEqualTo("accepted"));
  }

  /** The chunk runs the workflow scheduled, in order: its requests as recorded in its history. */
  private List<ChunkRequest> chunkRuns(JobRef job) {
    var converter = GlobalDataConverter.get();
    return env.getWorkflowClient().fetchHistory(job.workflowId()).getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(
            e ->
                converter.fromPayloads(
                    0,
                    Optional.of(e.getActivityTaskScheduledEventAttributes().getInput()),
                    ChunkRequest.class,
                    ChunkRequest.class))
        .toList();
  }

  private long events(JobRef job, EventType type) {
    return env.getWorkflowClient().fetchHistory(job.workflowId()).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .count();
  }

  private void replaysOnTheCurrentCode(JobRef job) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(job.workflowId()), EmailBatchWorkflowImpl.class);
  }

  @Test
  void aRelayThatTempfailsOneMessageInTenStillDeliversEveryItemOfTheBatch() throws Exception {
    var job = new JobRef("batch-tenth", "acme");
    int items = 5_000;
    var relayLoad = new TempfailShare(0.10, 20_261);
    relay.replyToEndOfData(relayLoad);
    var manifest =
        harness.stage(
            job, EmailBatchHarness.localParts("user", items), BatchLimits.DEFAULT_CHUNK_SIZE);

    EmailBatchWorkflow workflow = startJob(manifest, RetryBudget.DEFAULT.maxAttempts());
    EmailBatchResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .getResult(EmailBatchResult.class);

    assertThat(result).isEqualTo(new EmailBatchResult(items, items, 5, 1));
    assertThat(status(job)).isEqualTo("SUCCEEDED");
    assertThat(workflow.progress()).isEqualTo(new BatchProgress(5, 5, items, 0, 0));
    assertThat(harness.outcomes(job)).allSatisfy(o -> assertThat(o.status()).isEqualTo("accepted"));
    Set<String> delivered =
        relay.received().stream()
            .map(r -> TempfailShare.messageId(r.content()))
            .collect(Collectors.toSet());
    assertThat(delivered)
        .as("every item's Message-ID at the relay")
        .containsAll(
            IntStream.range(0, items)
                .mapToObj(i -> "<acme.batch-tenth." + i + "@example.com>")
                .toList());
    // about one try in ten deferred, 0.1 / 0.9 per item: a few hundred, each retried on its own
    assertThat(relayLoad.deferred()).isBetween(items / 20, items / 5);
    assertThat(relayLoad.mostTries()).isBetween(3, RetryBudget.DEFAULT.maxAttempts() - 1);
    List<ChunkRequest> runs = chunkRuns(job);
    assertThat(runs)
        .allSatisfy(r -> assertThat(r.inRounds()).isTrue())
        .noneMatch(ChunkRequest::lastRun);
    assertThat(runs.size())
        .as("each chunk once, then once per round it had items due in")
        .isBetween(5 + 5, 5 * relayLoad.mostTries());
    assertThat(events(job, EventType.EVENT_TYPE_TIMER_FIRED)).isPositive();
    DeadLetter none =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .describe()
            .getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(none).isNull();
    replaysOnTheCurrentCode(job);
  }

  @Test
  void anItemTheRelayDefersEveryTimeIsDeadLetteredAfterItsOwnBudgetAndTheRestIsDelivered()
      throws Exception {
    var job = new JobRef("batch-tempfail", "acme");
    String stuck = "<acme.batch-tempfail.57@example.com>";
    var tries = new java.util.concurrent.atomic.AtomicInteger();
    relay.replyToEndOfData(
        content -> {
          if (TempfailShare.messageId(content).equals(stuck)) {
            tries.incrementAndGet();
            return "451 4.2.0 mailbox busy";
          }
          return "250 2.0.0 queued";
        });
    EmailBatchWorkflow workflow =
        startJob(harness.stage(job, EmailBatchHarness.localParts("user", 120), 40), 4);

    awaitStatus(job, "DEAD_LETTERED");

    ItemOutcome given = harness.outcomes(job).get(57);
    assertThat(given.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
    assertThat(given.errorType()).isEqualTo("SmtpTransient");
    assertThat(given.code()).isEqualTo(451);
    assertThat(given.attempt()).isEqualTo(4);
    assertThat(given.message())
        .isEqualTo("still deferred after 4 attempts: 451 4.2.0 mailbox busy (end of DATA)");
    assertThat(tries).hasValue(4);
    DeadLetter letter =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .describe()
            .getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(letter.errorType()).isEqualTo("RecipientsRejected");
    assertThat(letter.message())
        .startsWith("1 of 120 items dead-lettered")
        .contains("user57@example.org (451 still deferred after 4 attempts");
    assertThat(letter.attempts()).as("no chunk attempt failed").isEmpty();
    assertThat(workflow.progress()).isEqualTo(new BatchProgress(3, 3, 119, 1, 0));
    assertThat(deliveries()).hasSize(119).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
    assertThat(chunkRuns(job))
        .extracting(ChunkRequest::chunk)
        .as("chunk 1 run once per attempt of its item, each a new activity")
        .containsExactlyInAnyOrder(0, 1, 2, 1, 1, 1);
    replaysOnTheCurrentCode(job);
  }

  @Test
  void aWorkerShutDownMidChunkRecordsWhatTheRelayConfirmedAndTheNextAttemptSendsOnlyTheRest()
      throws Exception {
    var job = new JobRef("batch-deploy", "acme");
    var parts = EmailBatchHarness.localParts("user", 60);
    var manifest = harness.stage(job, parts, 1_000);
    var gate = new HoldAfter(25, 4);
    // no periodic flush in this attempt: only the one on the way out can record the 25
    startJob(manifest, 12, harness.activities(gate, Duration.ofHours(1)));
    assertThat(gate.allHeld.await(2, TimeUnit.MINUTES)).as("every worker held mid-chunk").isTrue();

    env.getWorkerFactory().shutdownNow();
    env.getWorkerFactory().awaitTermination(2, TimeUnit.MINUTES);
    assertThat(env.getWorkerFactory().isTerminated())
        .as("the interrupted chunk has stopped")
        .isTrue();

    assertThat(harness.outcomes(job)).filteredOn(o -> o.status().equals("accepted")).hasSize(25);
    assertThat(relay.received()).hasSize(25);
    ChunkResult resumed;
    try (var attempt = harness.attempt()) {
      resumed = attempt.stub.sendChunk(new ChunkRequest(EmailBatchHarness.hashed(job), 0, 1, 12));
    }
    assertThat(resumed).isEqualTo(new ChunkResult(0, 60, 0, 25, List.of()));
    assertThat(deliveries()).hasSize(60).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
  }
}
