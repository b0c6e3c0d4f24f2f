package dev.jobqueue.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.Redrive;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BulkRedriveWorkflowTest {
  private static final String JOBS = "parked-jobs";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  /** A parked job as the bulk redrive sees it: it waits, and counts the redrives it is sent. */
  @WorkflowInterface
  public interface ParkedJob {
    @WorkflowMethod
    void park();

    @SignalMethod(name = "Redrive")
    void redrive(Redrive<Object> request);

    @QueryMethod
    int redrives();
  }

  public static final class ParkedJobImpl implements ParkedJob {
    private int redrives;

    @Override
    public void park() {
      Workflow.await(() -> false);
    }

    @Override
    public void redrive(Redrive<Object> request) {
      redrives++;
    }

    @Override
    public int redrives() {
      return redrives;
    }
  }

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    env.newWorker(TaskQueues.CONTROL)
        .registerWorkflowImplementationTypes(BulkRedriveWorkflowImpl.class);
    env.newWorker(JOBS).registerWorkflowImplementationTypes(ParkedJobImpl.class);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private List<String> park(String prefix, int count) {
    var ids = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      String id = "acme/" + prefix + "-" + i;
      WorkflowClient.start(
          client.newWorkflowStub(
                  ParkedJob.class,
                  WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(JOBS).build())
              ::park);
      ids.add(id);
    }
    return ids;
  }

  private BulkRedriveWorkflow operation(String id) {
    return client.newWorkflowStub(
        BulkRedriveWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CONTROL).build());
  }

  @Test
  void signalsEveryJobOnceAcrossRunsAndSkipsThoseThatEnded() {
    List<String> parked = park("job", 45);
    String ended = park("ended", 1).getFirst();
    client.newUntypedWorkflowStub(ended).terminate("discarded meanwhile");
    var selected = new ArrayList<>(parked);
    selected.add(20, ended);
    selected.add("acme/never-existed");

    // ten a run: five runs, continued as new
    BulkRedriveCounts counts =
        operation("bulk-redrive/acme/op")
            .redrive(
                new BulkRedriveInput("acme", selected, BulkRedriveCounts.of(selected.size()), 10));

    assertThat(counts).isEqualTo(new BulkRedriveCounts(47, 45, 2, 0));
    for (String id : parked) {
      assertThat(client.newWorkflowStub(ParkedJob.class, id).redrives()).as(id).isEqualTo(1);
    }
    assertThat(
            client
                .newUntypedWorkflowStub("bulk-redrive/acme/op")
                .query("Progress", BulkRedriveCounts.class))
        .isEqualTo(counts);
  }

  @Test
  void keepsEachRunsHistoryBounded() {
    List<String> parked = park("job", 30);
    operation("bulk-redrive/acme/bounded")
        .redrive(new BulkRedriveInput("acme", parked, BulkRedriveCounts.of(30), 10));

    var runs =
        client.fetchHistory("bulk-redrive/acme/bounded").getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .count();
    assertThat(runs).as("the last run's history alone").isEqualTo(1);
    long signalsInLastRun =
        client.fetchHistory("bulk-redrive/acme/bounded").getEvents().stream()
            .filter(
                e ->
                    e.getEventType()
                        == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
            .count();
    assertThat(signalsInLastRun).as("one run's page of signals, not all 30").isEqualTo(10);
  }
}
