package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.TestFailures;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A cancelled report leaves nothing behind: its compensation runs, once, before it ends. */
class CompensatedCancelTest {
  private TestWorkflowEnvironment env;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    env.close();
  }

  /**
   * Renders until cancelled (or fails at once, when {@code failing}); removals wait for {@link
   * #release} when {@code blockRemoval}.
   */
  private final class Store implements ReportActivities {
    final boolean failing;
    final boolean blockRemoval;
    final CountDownLatch rendering = new CountDownLatch(1);
    final CountDownLatch removing = new CountDownLatch(1);
    final AtomicInteger removals = new AtomicInteger();
    final AtomicInteger removalsDone = new AtomicInteger();

    Store(boolean failing, boolean blockRemoval) {
      this.failing = failing;
      this.blockRemoval = blockRemoval;
    }

    @Override
    public ReportResult renderReport(ReportJob job) {
      if (failing) {
        throw TestFailures.of(ErrorType.InvalidReportData, "row 3: quantity is negative");
      }
      var context = Activity.getExecutionContext();
      rendering.countDown();
      try {
        for (int page = 0; ; page++) {
          context.heartbeat(new RenderProgress(page, 100, RenderCheckpoint.START));
          if (release.await(10, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("released without being cancelled");
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ActivityCanceledException e) {
        throw e;
      }
    }

    @Override
    public void discardReport(ReportJob job) {
      removals.incrementAndGet();
      removing.countDown();
      if (blockRemoval) {
        try {
          if (!release.await(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      removalsDone.incrementAndGet();
    }
  }

  private ReportWorkflow start(Store store, JobRef job) {
    var worker =
        env.newWorker(
            TaskQueues.PDF,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(200))
                .build());
    worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    worker.registerActivitiesImplementations(store);
    env.start();
    ReportWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(ReportWorkflow.class, JobTestEnvironment.options(job, JobType.PDF));
    WorkflowClient.start(
        workflow::render,
        new ReportJob(job, "statement", "Statement", null, new SampleData(4_000, 7)));
    return workflow;
  }

  @Test
  void cancellingARunningReportRemovesItsPartsBeforeItEndsCancelled() throws Exception {
    var store = new Store(false, false);
    var job = new JobRef("report-cancelled", "acme");
    ReportWorkflow workflow = start(store, job);
    assertThat(store.rendering.await(2, TimeUnit.MINUTES)).isTrue();

    WorkflowStub.fromTyped(workflow).cancel();

    assertEndsCancelled(workflow);
    assertThat(store.removalsDone).as("compensations that finished").hasValue(1);
    assertThat(store.removals).as("compensations started").hasValue(1);
    assertThat(status(job)).isEqualTo("CANCELLED");
    List<HistoryEvent> events = history(job);
    assertThat(indexOf(events, e -> e.hasActivityTaskCompletedEventAttributes()))
        .as("the removal completed before the workflow was cancelled")
        .isNotNegative()
        .isLessThan(indexOf(events, e -> e.hasWorkflowExecutionCanceledEventAttributes()));
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(job.workflowId()), ReportWorkflowImpl.class);
  }

  @Test
  void aCancelArrivingWhileCompensatingLetsItFinishOnceAndEndsCancelled() throws Exception {
    var store = new Store(true, true);
    var job = new JobRef("report-cancelled-compensating", "acme");
    ReportWorkflow workflow = start(store, job);
    assertThat(store.removing.await(2, TimeUnit.MINUTES)).as("compensation started").isTrue();

    WorkflowStub.fromTyped(workflow).cancel();
    awaitWorkflowTaskAfterCancelRequest(job);
    release.countDown();

    assertEndsCancelled(workflow);
    assertThat(store.removals).as("compensations started").hasValue(1);
    assertThat(store.removalsDone).as("compensations that finished").hasValue(1);
    assertThat(status(job)).isEqualTo("CANCELLED");
    assertThat(history(job))
        .as("the removal was not asked to stop")
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED);
    WorkflowReplayer.replayWorkflowExecution(
        env.getWorkflowClient().fetchHistory(job.workflowId()), ReportWorkflowImpl.class);
  }

  private static void assertEndsCancelled(ReportWorkflow workflow) {
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ReportResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
  }

  /** The workflow has seen the cancel: a workflow task completed after it was requested. */
  private void awaitWorkflowTaskAfterCancelRequest(JobRef job) {
    await("the workflow took the cancel request")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              List<HistoryEvent> events = history(job);
              int requested =
                  indexOf(events, e -> e.hasWorkflowExecutionCancelRequestedEventAttributes());
              return requested >= 0
                  && events.subList(requested, events.size()).stream()
                      .anyMatch(e -> e.hasWorkflowTaskCompletedEventAttributes());
            });
  }

  private List<HistoryEvent> history(JobRef job) {
    return env.getWorkflowClient().fetchHistory(job.workflowId()).getEvents();
  }

  private static int indexOf(List<HistoryEvent> events, Predicate<HistoryEvent> which) {
    for (int i = 0; i < events.size(); i++) {
      if (which.test(events.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private String status(JobRef job) {
    return JobTestEnvironment.searchAttribute(
        env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS);
  }
}
