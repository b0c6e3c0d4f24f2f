package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A batch redriven many times continues as new and goes on from where its last run stood. */
class BatchHistoryBudgetTest {
  private static final int CHUNK = 10;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** Chunk 1 has a mailbox that refuses its item until {@code restored}; the rest take theirs. */
  private static final class OneBadMailbox implements EmailBatchActivities {
    final List<ChunkRequest> calls = new CopyOnWriteArrayList<>();
    volatile boolean restored;

    @Override
    public ChunkResult sendChunk(ChunkRequest request) {
      calls.add(request);
      if (request.chunk() != 1 || restored) {
        return new ChunkResult(request.chunk(), CHUNK, 0, 0, List.of());
      }
      var refused = new RecipientFailure("bad@example.com", 550, "no such mailbox");
      return new ChunkResult(request.chunk(), CHUNK - 1, 1, 0, List.of(refused));
    }
  }

  @Test
  void aBatchRedrivenManyTimesGoesOnFromItsLastRunAfterContinuingAsNew() {
    var job = new JobRef("batch-redriven-often", "acme");
    var manifest =
        BatchManifest.of(
            job, 3 * CHUNK, CHUNK, new MessageTemplate(null, null, "Hi", "Hi", null, null));
    var chunks = new OneBadMailbox();
    env.newWorker(TaskQueues.EMAIL)
        .registerWorkflowImplementationTypes(EmailBatchWorkflowImpl.class);
    env.newWorker(TaskQueues.EMAIL_BULK).registerActivitiesImplementations(chunks);
    env.start();
    var options =
        JobTestEnvironment.options(job, JobType.EMAIL_BATCH).toBuilder()
            .setMemo(Map.of(JobMemo.HISTORY_BUDGET, 40L))
            .build();
    WorkflowExecution first =
        WorkflowClient.start(
            client.newWorkflowStub(EmailBatchWorkflow.class, options)::send,
            new EmailBatchJob(job, manifest));
    awaitParked(job, 0);

    int redrives = 8;
    for (int i = 1; i <= redrives; i++) {
      client
          .newWorkflowStub(EmailBatchWorkflow.class, job.workflowId())
          .redrive(new Redrive<>(null));
      awaitParked(job, i);
    }
    assertThat(client.newUntypedWorkflowStub(job.workflowId()).describe().getExecution().getRunId())
        .as("a later run")
        .isNotEqualTo(first.getRunId());

    chunks.restored = true;
    client.newWorkflowStub(EmailBatchWorkflow.class, job.workflowId()).redrive(new Redrive<>(null));
    EmailBatchResult result =
        client.newUntypedWorkflowStub(job.workflowId()).getResult(EmailBatchResult.class);

    assertThat(result).isEqualTo(new EmailBatchResult(3 * CHUNK, 3 * CHUNK, 3, redrives + 2));
    var redriven = chunks.calls.subList(3, chunks.calls.size());
    assertThat(redriven)
        .as("only the chunk with a refused item ran again")
        .allMatch(r -> r.chunk() == 1);
    assertThat(redriven)
        .extracting(ChunkRequest::pass)
        .as("each redrive a pass of its own, counted across runs")
        .containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  private void awaitParked(JobRef job, int redrives) {
    for (int i = 0; i < 600; i++) {
      String status =
          JobTestEnvironment.searchAttribute(client, job, JobSearchAttributes.JOB_STATUS);
      DeadLetter letter = JobTestEnvironment.deadLetter(client, job);
      if ("DEAD_LETTERED".equals(status) && letter != null && letter.redrives() == redrives) {
        return;
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError(job + " never parked after " + redrives + " redrives");
  }
}
