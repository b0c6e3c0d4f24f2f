package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.retry.RetryBudget;
import dev.jobqueue.runtime.AttemptReporter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code email-batch} job: the workflow on the time-skipping test server, the chunk
 * activity as the fleet registers it, a real SMTP server, and a batch store on disk.
 */
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
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailBatchWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
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
        .startsWith("1 of 96 items refused for good")
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
  void aRecipientStillDeferredOnTheLastAttemptIsDeadLetteredNotTheWholeBatch() {
    var job = new JobRef("batch-tempfail", "acme");
    EmailBatchWorkflow workflow =
        startJob(harness.stage(job, List.of("a", "tempfail", "b"), 10), 3);

    awaitStatus(job, "DEAD_LETTERED");

    ItemOutcome tempfail = harness.outcomes(job).get(1);
    assertThat(tempfail.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
    assertThat(tempfail.errorType()).isEqualTo("SmtpTransient");
    assertThat(tempfail.code()).isEqualTo(451);
    assertThat(tempfail.message())
        .startsWith("still deferred on the last attempt: 451 4.3.0 try later");
    DeadLetter letter =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .describe()
            .getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(letter.errorType()).isEqualTo("RecipientsRejected");
    assertThat(letter.attempts())
        .extracting(a -> a.type())
        .containsExactly("SmtpTransient", "SmtpTransient");
    assertThat(workflow.progress().accepted()).isEqualTo(2);
    assertThat(deliveries()).isEqualTo(Map.of("a@example.org", 1L, "b@example.org", 1L));
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
    assertThat(gate.allHeld.await(10, TimeUnit.SECONDS)).as("every worker held mid-chunk").isTrue();

    env.getWorkerFactory().shutdownNow();
    env.getWorkerFactory().awaitTermination(10, TimeUnit.SECONDS);
    assertThat(env.getWorkerFactory().isTerminated())
        .as("the interrupted chunk has stopped")
        .isTrue();

    assertThat(harness.outcomes(job)).filteredOn(o -> o.status().equals("accepted")).hasSize(25);
    assertThat(relay.received()).hasSize(25);
    ChunkResult resumed;
    try (var attempt = harness.attempt()) {
      resumed = attempt.stub.sendChunk(new ChunkRequest(job, 0, 1, 12));
    }
    assertThat(resumed).isEqualTo(new ChunkResult(0, 60, 0, 25, List.of()));
    assertThat(deliveries()).hasSize(60).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(1));
  }
}
