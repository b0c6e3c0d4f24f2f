package dev.jobqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCountersTest {
  @Test
  void countsOnlyWhatChangedDuringThePhase() {
    var before =
        Map.of("action:grpc_StartWorkflowExecution", 10.0, "write:UpdateWorkflowExecution", 50.0);
    var after =
        Map.of(
            "action:grpc_StartWorkflowExecution", 14.0,
            "action:command_ScheduleActivityTask", 4.0,
            "write:UpdateWorkflowExecution", 70.0,
            "write:CreateWorkflowExecution", 4.0);

    var delta = ServerCounters.delta(before, after);

    assertThat(ServerCounters.total(delta, "actions")).isEqualTo(8);
    assertThat(ServerCounters.total(delta, "history_writes")).isEqualTo(24);
    assertThat(delta.get("actions").toString())
        .contains("grpc_StartWorkflowExecution=4", "command_ScheduleActivityTask=4");
  }

  @Test
  void aPhaseWithoutTemporalCostsNothing() {
    var counters = Map.of("action:grpc_StartWorkflowExecution", 10.0);
    assertThat(ServerCounters.total(ServerCounters.delta(counters, counters), "actions")).isZero();
  }
}
