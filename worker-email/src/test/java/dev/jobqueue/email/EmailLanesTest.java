package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.email.EmailLanes.Lane;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.retry.RetryBudget;
import dev.jobqueue.runtime.WorkerConfig;
import dev.jobqueue.runtime.WorkerDeployment;
import dev.jobqueue.store.BatchStore;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lanes as the fleet registers them ({@link EmailLanes}), on Temporal's in-memory server, with
 * a real SMTP server: bulk has slots and connections of its own, so a transactional send never
 * waits behind it; and a process serves exactly the lanes it is configured for.
 */
class EmailLanesTest {
  private static final WorkerConfig TRANSACTIONAL =
      new WorkerConfig(10, 10, 0, 0, true, null, null);

  @TempDir Path storeDir;
  private ScriptedSmtpServer relay;
  private TestWorkflowEnvironment env;
  private EmailBatchHarness batches;
  private EmailLanes lanes;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger bulkOnTheWire = new AtomicInteger();
  private final CountDownLatch bulkStalled = new CountDownLatch(1);

  @BeforeEach
  void start() {
    relay = ScriptedSmtpServer.start();
    // the relay stalls at the end of every bulk message's DATA (the template's text) until the test
    // lets it go: each bulk sender holds its connection, mid-transaction
    relay.replyToEndOfData(
        content -> {
          if (!content.contains("your code is")) {
            return "250 2.0.0 queued";
          }
          bulkOnTheWire.incrementAndGet();
          bulkStalled.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "250 2.0.0 queued at last";
        });
    // real time: nothing here should skip ahead of a stalled relay
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    JobSearchAttributes.registrations().forEach(env::registerSearchAttribute);
    batches = new EmailBatchHarness(storeDir, relay.port(), 1);
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    env.close();
    if (lanes != null) {
      lanes.close();
    }
    batches.close();
    relay.close();
  }

  @Test
  void aTransactionalSendIsTakenWhileEveryBulkSlotAndBulkConnectionIsBusy() throws Exception {
    // one bulk slot and one bulk connection, so that one chunk fills the lane
    lanes =
        register(
            EnumSet.allOf(EmailLane.class),
            new LanesConfig(null, new LanesConfig.Bulk(1, 1, 0, 0), null));
    env.start();
    // the second batch's chunk queues on the bulk lane behind the first's
    startBatch(new JobRef("batch-1", "acme"));
    startBatch(new JobRef("batch-2", "acme"));

    assertThat(bulkStalled.await(2, TimeUnit.MINUTES))
        .as("a bulk message reached the relay")
        .isTrue();
    Lane bulk = lane(lanes, EmailLane.BULK);
    assertThat(bulk.pool().inUse()).isEqualTo(bulk.pool().size()).isEqualTo(1);

    var email = startEmail(new JobRef("receipt-1", "acme"), "ada@example.org");
    SendEmailResult result =
        WorkflowStub.fromTyped(email).getResult(60, TimeUnit.SECONDS, SendEmailResult.class);

    assertThat(result.accepted()).containsExactly("ada@example.org");
    assertThat(relay.received())
        .extracting(ScriptedSmtpServer.Received::recipients)
        .containsExactly(List.of("ada@example.org"));
    // the bulk lane is still full: one chunk on the wire, the other batch's chunk still waiting
    assertThat(bulkOnTheWire).hasValue(1);
    assertThat(bulk.pool().inUse()).isEqualTo(1);
  }

  @Test
  void aBulkOnlyProcessServesOnlyTheBulkQueue() {
    lanes = register(EnumSet.of(EmailLane.BULK), LanesConfig.DEFAULT);

    assertThat(env.getWorkerFactory().tryGetWorker(TaskQueues.EMAIL_BULK)).isNotNull();
    assertThat(env.getWorkerFactory().tryGetWorker(TaskQueues.EMAIL)).isNull();
    assertThat(lanes.lanes()).extracting(Lane::lane).containsExactly(EmailLane.BULK);
  }

  @Test
  void aTransactionalOnlyProcessServesOnlyTheEmailQueue() {
    lanes = register(EnumSet.of(EmailLane.TRANSACTIONAL), LanesConfig.DEFAULT);

    assertThat(env.getWorkerFactory().tryGetWorker(TaskQueues.EMAIL)).isNotNull();
    assertThat(env.getWorkerFactory().tryGetWorker(TaskQueues.EMAIL_BULK)).isNull();
    assertThat(lanes.lanes()).extracting(Lane::lane).containsExactly(EmailLane.TRANSACTIONAL);
  }

  @Test
  void bothLanesHaveTheirOwnSlotsAndConnections() {
    var config = new LanesConfig(null, new LanesConfig.Bulk(3, 4, 0, 0), null);
    lanes = register(config.lanes(), config);

    assertThat(lanes.lanes())
        .extracting(Lane::lane)
        .containsExactly(EmailLane.TRANSACTIONAL, EmailLane.BULK);
    Lane transactional = lane(lanes, EmailLane.TRANSACTIONAL);
    Lane bulk = lane(lanes, EmailLane.BULK);
    assertThat(transactional.limits().maxConcurrentActivities()).isEqualTo(10);
    assertThat(transactional.pool().size()).isEqualTo(2);
    assertThat(bulk.limits().maxConcurrentActivities()).isEqualTo(3);
    assertThat(bulk.pool().size()).isEqualTo(4);
    assertThat(bulk.pool()).isNotSameAs(transactional.pool());
  }

  private EmailLanes register(Set<EmailLane> serve, LanesConfig config) {
    return EmailLanes.register(
        env.getWorkerFactory(),
        serve,
        TRANSACTIONAL,
        WorkerDeployment.OFF,
        ActivityHarness.config(relay.port()),
        config,
        new BatchStore(storeDir),
        Clock.systemUTC());
  }

  private static Lane lane(EmailLanes lanes, EmailLane which) {
    return lanes.lanes().stream().filter(l -> l.lane() == which).findFirst().orElseThrow();
  }

  private void startBatch(JobRef job) {
    var manifest = batches.stage(job, EmailBatchHarness.localParts(job.jobId() + "-", 3), 3);
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailBatchWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(job.workflowId())
                    .setTaskQueue(TaskQueues.EMAIL)
                    .build());
    WorkflowClient.start(workflow::send, new EmailBatchJob(job, manifest, RetryBudget.DEFAULT));
  }

  private EmailWorkflow startEmail(JobRef job, String to) {
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(job.workflowId())
                    .setTaskQueue(TaskQueues.EMAIL)
                    .build());
    WorkflowClient.start(
        workflow::send,
        new EmailJob(
            job, EmailMessage.text(List.of(to), "Receipt", "Thanks."), RetryBudget.DEFAULT));
    return workflow;
  }
}
