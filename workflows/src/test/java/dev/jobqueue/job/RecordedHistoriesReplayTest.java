package dev.jobqueue.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.jobqueue.deadletter.BulkRedriveWorkflowImpl;
import dev.jobqueue.email.EmailBatchWorkflowImpl;
import dev.jobqueue.email.EmailGroupWorkflowImpl;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.KeyReservationWorkflowImpl;
import dev.jobqueue.report.ReportWorkflowImpl;
import dev.jobqueue.retention.RetentionSweepWorkflowImpl;
import dev.jobqueue.schedule.ScheduledFireWorkflowImpl;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Histories recorded by earlier workflow code, replayed on the current code: a change that a job
 * already under way could not replay (non-determinism) fails the build here, not a deploy. The
 * recorded files are never edited or deleted; see {@code histories/README.md}.
 */
class RecordedHistoriesReplayTest {
  private static final String FOLDER = "/histories";

  /** Recorded by the code of f037112, which wrote every status and upserted type and tenant. */
  private static final List<String> RECORDED_BEFORE_STATUS_FROM_EXECUTION =
      List.of(
          "email-succeeded.json",
          "email-dead-lettered-parked.json",
          "email-redriven-succeeded.json",
          "email-discarded.json",
          "report-dead-lettered-compensated-parked.json",
          "report-succeeded.json",
          "batch-succeeded.json",
          "batch-redriven.json");

  /**
   * Recorded by the code of ed0c07a, where a chunk with a deferred item failed its attempt and
   * Temporal retried the whole chunk.
   */
  private static final List<String> RECORDED_BEFORE_CHUNK_ITEM_RETRIES =
      List.of(
          "batch-chunk-retried-succeeded.json",
          "batch-rejected-parked.json",
          "batch-rejected-redriven-succeeded.json");

  /** The implementation that runs each workflow type now. */
  private static final Map<String, Class<?>> IMPLEMENTATIONS =
      Map.of(
          "EmailJob", EmailWorkflowImpl.class,
          "ReportJob", ReportWorkflowImpl.class,
          "EmailBatchJob", EmailBatchWorkflowImpl.class,
          "EmailGroup", EmailGroupWorkflowImpl.class,
          "KeyReservation", KeyReservationWorkflowImpl.class,
          "BulkRedrive", BulkRedriveWorkflowImpl.class,
          "RetentionSweep", RetentionSweepWorkflowImpl.class,
          "ScheduledFire", ScheduledFireWorkflowImpl.class);

  private static Path folder() throws URISyntaxException {
    var url = RecordedHistoriesReplayTest.class.getResource(FOLDER);
    assertThat(url).as("test resource folder %s", FOLDER).isNotNull();
    return Path.of(url.toURI());
  }

  /**
   * Every recorded history under the folder, as its path there ({@code
   * legacy/email-succeeded.json}), so that a set recorded beside the others is replayed too.
   */
  static List<String> recordedHistories() throws IOException, URISyntaxException {
    Path root = folder();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".json"))
          .map(file -> root.relativize(file).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordedHistories")
  void recordedHistoryReplaysOnTheCurrentWorkflowCode(String file) throws Exception {
    String json = Files.readString(folder().resolve(file));
    String type = type(json);
    assertThat(IMPLEMENTATIONS)
        .as("an implementation of %s, recorded in %s", type, file)
        .containsKey(type);

    assertThatCode(() -> replay(json, IMPLEMENTATIONS.get(type)))
        .as("%s replayed on %s", file, IMPLEMENTATIONS.get(type).getSimpleName())
        .doesNotThrowAnyException();
  }

  /**
   * Replays on a worker whose deadlock detector allows minutes, not the SDK's one second: the first
   * replay loads and compiles the workflow code, which on a busy machine holds the workflow thread
   * longer than that, and a replay has nothing to deadlock on.
   */
  private static void replay(String json, Class<?> implementation) throws Exception {
    try (var env = TestWorkflowEnvironment.newInstance()) {
      Worker worker =
          env.newWorker(
              "replay",
              WorkerOptions.newBuilder()
                  .setDefaultDeadlockDetectionTimeout(Duration.ofMinutes(2).toMillis())
                  .build());
      worker.registerWorkflowImplementationTypes(implementation);
      WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(json), worker);
    }
  }

  @Test
  void everyHistoryRecordedBeforeStatusFromExecutionIsStillThere() throws Exception {
    assertThat(recordedHistories())
        .containsAll(
            RECORDED_BEFORE_STATUS_FROM_EXECUTION.stream().map(f -> "legacy/" + f).toList());
  }

  @Test
  void everyHistoryRecordedBeforeChunkItemRetriesIsStillThere() throws Exception {
    assertThat(recordedHistories())
        .containsAll(RECORDED_BEFORE_CHUNK_ITEM_RETRIES.stream().map(f -> "legacy/" + f).toList());
  }

  /** Every workflow type a worker runs has histories recorded from the real server. */
  @Test
  void everyWorkflowTypeHasARecordedHistory() throws Exception {
    var types = new java.util.TreeSet<String>();
    for (String file : recordedHistories()) {
      types.add(type(Files.readString(folder().resolve(file))));
    }
    assertThat(types).containsAll(IMPLEMENTATIONS.keySet());
  }

  private static String type(String json) {
    return WorkflowExecutionHistory.fromJson(json)
        .getEvents()
        .getFirst()
        .getWorkflowExecutionStartedEventAttributes()
        .getWorkflowType()
        .getName();
  }
}
