package dev.jobqueue.api.control;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.retention.RetentionSweepWorkflow;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;

/**
 * The retention sweep's Temporal Schedule, one for the namespace however many API processes there
 * are: each creates it at startup, and one that finds it already there sets its interval to its own
 * configuration's. A sweep still running when the next one is due makes that one skip.
 */
public final class RetentionSchedule {
  /** The schedule's id, and the workflow id of each sweep it starts (with its time appended). */
  public static final String ID = "jobqueue-retention-sweep";

  private final ScheduleClient schedules;
  private final Duration interval;

  public RetentionSchedule(WorkflowClient client, TemporalConfig temporal, Duration interval) {
    this.schedules =
        ScheduleClient.newInstance(
            client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder().setNamespace(temporal.namespace()).build());
    this.interval = interval;
  }

  /** Creates the schedule, or brings an existing one to this interval. */
  public void ensure() {
    Schedule schedule = schedule();
    try {
      schedules.createSchedule(ID, schedule, ScheduleOptions.newBuilder().build());
    } catch (ScheduleAlreadyRunningException e) {
      schedules.getHandle(ID).update(input -> new ScheduleUpdate(schedule));
    }
  }

  private Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(RetentionSweepWorkflow.class)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(ID)
                        .setTaskQueue(TaskQueues.CONTROL)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(interval)))
                .build())
        .build();
  }
}
