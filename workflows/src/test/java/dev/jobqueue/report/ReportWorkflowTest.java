package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.TestFailures;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReportWorkflowTest {
  private static final int TOTAL_PAGES = 100;

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

  private ReportWorkflow start(ReportActivities activities, JobRef job) {
    // as on the real fleets: heartbeats reach the server (and cancellations the activity) promptly
    var worker =
        env.newWorker(
            TaskQueues.PDF,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(200))
                .build());
    worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(ReportWorkflow.class, JobTestEnvironment.options(job, JobType.PDF));
  }

  private static ReportJob report(JobRef job) {
    return new ReportJob(job, "statement", "Statement", null, new SampleData(4_000, 7));
  }

  /**
   * The first attempt checkpoints 40 pages, then fails; the second must start from the checkpoint.
   * (A worker killed outright, where only the heartbeat timeout notices, is covered end to end
   * against the real server.)
   */
  private final class CrashingRenderer implements ReportActivities {
    final List<Optional<RenderProgress>> detailsSeenByAttempt = new CopyOnWriteArrayList<>();

    @Override
    public ReportResult renderReport(ReportJob job) {
      var context = Activity.getExecutionContext();
      Optional<RenderProgress> earlier = context.getHeartbeatDetails(RenderProgress.class);
      detailsSeenByAttempt.add(earlier);
      if (context.getInfo().getAttempt() == 1) {
        context.heartbeat(
            new RenderProgress(40, TOTAL_PAGES, new RenderCheckpoint(2, 1_600, 40, 123_45)));
        throw TestFailures.of(ErrorType.ReportStoreUnavailable, "disk full");
      }
      int from = earlier.map(p -> p.checkpoint().pagesDone()).orElse(0);
      return new ReportResult("acme.pdf", TOTAL_PAGES, 1, "00", 4_000, 1, from, TOTAL_PAGES - from);
    }

    @Override
    public void discardReport(ReportJob job) {
      throw new AssertionError("nothing to compensate");
    }
  }

  @Test
  void resumesFromCheckpointOnRetry() {
    var renderer = new CrashingRenderer();
    var job = new JobRef("report-1", "acme");

    ReportResult result = start(renderer, job).render(report(job));

    assertThat(renderer.detailsSeenByAttempt).hasSize(2);
    assertThat(renderer.detailsSeenByAttempt.get(0)).isEmpty();
    assertThat(renderer.detailsSeenByAttempt.get(1))
        .hasValueSatisfying(p -> assertThat(p.checkpoint().partsDone()).isEqualTo(2));
    assertThat(result.resumedFromPage()).isEqualTo(40);
    assertThat(result.pagesRendered()).isEqualTo(60);
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("SUCCEEDED");
  }

  /** Heartbeats until told to stop; records how it stopped. */
  private final class EndlessRenderer implements ReportActivities {
    final CountDownLatch running = new CountDownLatch(1);
    final CountDownLatch stopped = new CountDownLatch(1);
    volatile Throwable stoppedBy;

    @Override
    public ReportResult renderReport(ReportJob job) {
      var context = Activity.getExecutionContext();
      running.countDown();
      try {
        for (int page = 0; ; page++) {
          context.heartbeat(new RenderProgress(page, TOTAL_PAGES, RenderCheckpoint.START));
          if (release.await(10, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("released without being cancelled");
          }
        }
      } catch (ActivityCanceledException e) {
        stoppedBy = e;
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        stopped.countDown();
      }
    }

    @Override
    public void discardReport(ReportJob job) {}
  }

  /** Bad data; and a store that fails the first two removals. */
  private static final class BadDataRenderer implements ReportActivities {
    final AtomicInteger renders = new AtomicInteger();
    final AtomicInteger removalAttempts = new AtomicInteger();
    final AtomicInteger removals = new AtomicInteger();

    @Override
    public ReportResult renderReport(ReportJob job) {
      renders.incrementAndGet();
      throw TestFailures.of(ErrorType.InvalidReportData, "row 3: quantity is negative");
    }

    @Override
    public void discardReport(ReportJob job) {
      if (removalAttempts.incrementAndGet() <= 2) {
        throw TestFailures.of(ErrorType.ReportStoreUnavailable, "store unmounted");
      }
      removals.incrementAndGet();
    }
  }

  @Test
  void compensationRunsOnceBeforeParkingEvenWhenItIsRetried() {
    var renderer = new BadDataRenderer();
    var job = new JobRef("report-bad", "acme");
    WorkflowClient.start(start(renderer, job)::render, report(job));
    var client = env.getWorkflowClient();

    for (int i = 0; i < 120 && !"DEAD_LETTERED".equals(status(job)); i++) {
      env.sleep(Duration.ofSeconds(1)); // test time: lets the compensation's backoff pass
    }

    assertThat(status(job)).isEqualTo("DEAD_LETTERED");
    assertThat(renderer.renders).hasValue(1);
    assertThat(renderer.removalAttempts).hasValue(3);
    assertThat(renderer.removals).as("the removal that succeeded").hasValue(1);
    assertThat(JobTestEnvironment.deadLetter(client, job).errorType())
        .isEqualTo("InvalidReportData");
  }

  private String status(JobRef job) {
    return JobTestEnvironment.searchAttribute(
        env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS);
  }

  @Test
  void cancellationReachesTheRunningRender() throws InterruptedException {
    var renderer = new EndlessRenderer();
    var job = new JobRef("report-2", "acme");
    ReportWorkflow workflow = start(renderer, job);
    WorkflowClient.start(workflow::render, report(job));
    assertThat(renderer.running.await(2, TimeUnit.MINUTES)).isTrue();

    WorkflowStub.fromTyped(workflow).cancel();

    assertThat(renderer.stopped.await(2, TimeUnit.MINUTES)).as("render stopped").isTrue();
    assertThat(renderer.stoppedBy).isInstanceOf(ActivityCanceledException.class);
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(ReportResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("CANCELLED");
  }
}
