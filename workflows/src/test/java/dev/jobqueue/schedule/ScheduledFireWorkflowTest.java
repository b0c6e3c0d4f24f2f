package dev.jobqueue.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobRef;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScheduledFireWorkflowTest {
  /** A firing's workflow id as a Temporal Schedule makes it: its id and the time it fired. */
  private static final String FIRE_ID = "schedule/acme/nightly-2026-12-02T09:00:00Z";

  private static final ScheduledFire FIRE =
      new ScheduledFire("acme", "nightly", "{\"type\":\"email\",\"payload\":{}}");

  /** The API's side: a job that ends at the {@code endsAtLook}th look; or a refused job. */
  static final class FakeApi implements ScheduleActivities {
    final List<FireRequest> submitted = new CopyOnWriteArrayList<>();
    final List<JobRef> looked = new CopyOnWriteArrayList<>();
    final AtomicInteger looks = new AtomicInteger();
    volatile int endsAtLook = 3;
    volatile boolean refuse;

    @Override
    public FiredJob submit(FireRequest request) {
      submitted.add(request);
      if (refuse) {
        throw ApplicationFailure.newNonRetryableFailure("payload.from: not allowed", INVALID_JOB);
      }
      return new FiredJob("job-of-" + request.fireId().hashCode(), true);
    }

    @Override
    public boolean ended(JobRef job) {
      looked.add(job);
      return looks.incrementAndGet() >= endsAtLook;
    }
  }

  private TestWorkflowEnvironment env;
  private final FakeApi api = new FakeApi();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    var worker = env.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(ScheduledFireWorkflowImpl.class);
    worker.registerActivitiesImplementations(api);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private ScheduledFireWorkflow fire() {
    return env.getWorkflowClient()
        .newWorkflowStub(
            ScheduledFireWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(FIRE_ID)
                .setTaskQueue(TaskQueues.CONTROL)
                .build());
  }

  @Test
  void submitsTheJobUnderTheFiringsIdAndLastsUntilItHasEnded() {
    FiredJob job = fire().fire(FIRE);

    assertThat(api.submitted).containsExactly(new FireRequest(FIRE, FIRE_ID));
    assertThat(job).isEqualTo(new FiredJob("job-of-" + FIRE_ID.hashCode(), true));
    // looked at until it ended, with time skipped over the waits between looks
    assertThat(api.looked)
        .hasSize(3)
        .containsOnly(new JobRef("job-of-" + FIRE_ID.hashCode(), "acme"));
  }

  @Test
  void aRefusedJobFailsTheFiringWithoutRetrying() {
    api.refuse = true;
    var stub = fire();

    assertThatThrownBy(() -> stub.fire(FIRE))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(ScheduleActivities.INVALID_JOB));
    assertThat(api.submitted).hasSize(1);
    assertThat(api.looked).isEmpty();
  }

  @Test
  void aLongJobIsLookedAtAtMostOnceAMinuteOnceTheWaitsHaveGrown() {
    api.endsAtLook = 40;
    var stub = fire();
    WorkflowClient.start(stub::fire, FIRE);
    WorkflowStub.fromTyped(stub).getResult(FiredJob.class);
    var timers =
        env.getWorkflowClient().fetchHistory(FIRE_ID).getHistory().getEventsList().stream()
            .filter(e -> e.hasTimerStartedEventAttributes())
            .map(e -> e.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds())
            .toList();
    assertThat(timers).hasSize(39).startsWith(2L, 4L, 8L, 16L, 32L, 60L).endsWith(60L, 60L);
  }
}
