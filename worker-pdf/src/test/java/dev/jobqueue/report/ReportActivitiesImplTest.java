package dev.jobqueue.report;

import static dev.jobqueue.report.TestReports.filesUnder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.ErrorType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportActivitiesImplTest {
  private static final ActivityOptions OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .build();

  @TempDir Path tmp;
  private TestActivityEnvironment testEnv;
  private final List<RenderProgress> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startEnvironment() {
    testEnv = TestActivityEnvironment.newInstance();
    testEnv.setActivityHeartbeatListener(RenderProgress.class, heartbeats::add);
  }

  @AfterEach
  void stopEnvironment() {
    testEnv.close();
  }

  private ReportActivities activities(ReportConfig config) {
    testEnv.registerActivitiesImplementations(new ReportActivitiesImpl(config, Clock.systemUTC()));
    return testEnv.newActivityStub(ReportActivities.class, OPTIONS);
  }

  @Test
  void rendersAndHeartbeatsPagesDoneOfTotal() {
    ReportConfig config = TestReports.smallParts(tmp);

    ReportResult result = activities(config).renderReport(TestReports.sample("act-1", 1_000, 9));

    assertThat(result.pages()).isEqualTo(26);
    assertThat(Files.isRegularFile(tmp.resolve(result.file()))).isTrue();
    // Temporal throttles heartbeats, so only the first is sure to have reached the server.
    assertThat(heartbeats).first().isEqualTo(new RenderProgress(4, 26, RenderCheckpoint.START));
  }

  @Test
  void resumesFromTheCheckpointInAnEarlierAttemptsHeartbeat() throws IOException {
    ReportJob job = TestReports.sample("act-2", 2_000, 7);
    ReportConfig config = TestReports.smallParts(tmp.resolve("store"));
    var lastHeartbeat = new AtomicReference<RenderProgress>();
    try {
      new StatementRenderer(config)
          .render(
              job,
              RenderCheckpoint.START,
              progress -> {
                lastHeartbeat.set(progress);
                if (progress.checkpoint().partsDone() == 3) {
                  throw new IllegalStateException("worker crashed");
                }
              });
    } catch (IllegalStateException expected) {
      // the first attempt's worker died after its third part
    }
    testEnv.setHeartbeatDetails(lastHeartbeat.get());

    ReportResult resumed = activities(config).renderReport(job);
    ReportResult uninterrupted =
        new StatementRenderer(TestReports.smallParts(tmp.resolve("other")))
            .render(job, RenderCheckpoint.START, RenderListener.NONE);

    assertThat(resumed.resumedFromPage()).isEqualTo(30);
    assertThat(resumed.pagesRendered()).isEqualTo(21);
    assertThat(resumed.sha256()).isEqualTo(uninterrupted.sha256());
  }

  static Stream<Arguments> invalidJobs() {
    var row = new ReportRow("2026-03-01", "Support", 1, 100);
    var ok = TestReports.inline("bad", List.of(row));
    return Stream.of(
        Arguments.of(
            "unknown template",
            new ReportJob(ok.job(), "invoice", "t", ok.rows(), null),
            "template: must be \"statement\""),
        Arguments.of(
            "negative quantity",
            TestReports.inline("bad", List.of(new ReportRow("2026-03-01", "Refund", -1, 100))),
            "rows[0].quantity: required: an integer of at least 0"),
        Arguments.of(
            "both rows and sample",
            new ReportJob(ok.job(), "statement", "t", ok.rows(), new SampleData(10, 1)),
            "exactly one of rows and sample"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJobs")
  void rejectsInvalidDataWithoutRetryOrFile(String why, ReportJob job, String message)
      throws IOException {
    ReportActivities activities = activities(TestReports.smallParts(tmp));

    ActivityFailure failure =
        catchThrowableOfType(ActivityFailure.class, () -> activities.renderReport(job));

    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    var cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(ErrorType.InvalidReportData.name());
    assertThat(cause.isNonRetryable()).isTrue();
    assertThat(cause.getOriginalMessage()).contains(message);
    assertThat(filesUnder(tmp)).isEmpty();
  }

  @Test
  void aStoreThatCannotBeWrittenIsARetryableFailure() throws IOException {
    Path notADirectory = Files.writeString(tmp.resolve("store"), "a file, not a directory");

    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class,
            () ->
                activities(TestReports.smallParts(notADirectory))
                    .renderReport(TestReports.sample("act-3", 100, 1)));

    var cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo(ErrorType.ReportStoreUnavailable.name());
    assertThat(cause.isNonRetryable()).isFalse();
  }

  @Test
  void cancellationStopsTheRenderAtTheNextHeartbeatAndLeavesFinishedParts() throws IOException {
    // A heartbeat only after each part of 10 pages; the first one learns of the cancellation.
    ReportConfig config = new ReportConfig(tmp, 40, 10, 1_000);
    ReportJob job = TestReports.sample("act-4", 2_000, 7);
    testEnv.requestCancelActivity();

    assertThat(
            catchThrowableOfType(CanceledFailure.class, () -> activities(config).renderReport(job)))
        .isNotNull();

    assertThat(heartbeats)
        .containsExactly(new RenderProgress(10, 51, heartbeats.getFirst().checkpoint()));
    var store = new ReportStore(tmp);
    assertThat(store.report(job.job())).doesNotExist();
    assertThat(filesUnder(tmp))
        .containsExactly(tmp.relativize(store.part(job.job(), 0)).toString());
  }

  @Test
  void discardRemovesPartsAndReportAndIsIdempotent() throws IOException {
    ReportConfig config = TestReports.smallParts(tmp);
    ReportJob crashed = TestReports.sample("act-discard-parts", 2_000, 3);
    ReportJob finished = TestReports.sample("act-discard-done", 200, 3);
    try {
      new StatementRenderer(config)
          .render(
              crashed,
              RenderCheckpoint.START,
              progress -> {
                if (progress.checkpoint().partsDone() == 2) {
                  throw new IllegalStateException("worker crashed");
                }
              });
    } catch (IllegalStateException expected) {
      // parts 1 and 2 stay behind, as after a crash
    }
    ReportActivities activities = activities(config);
    activities.renderReport(finished);
    assertThat(filesUnder(tmp)).isNotEmpty();

    activities.discardReport(crashed);
    activities.discardReport(finished);
    activities.discardReport(finished);

    assertThat(filesUnder(tmp)).isEmpty();
  }
}
