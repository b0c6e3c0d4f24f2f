package dev.jobqueue.report;

import dev.jobqueue.ErrorType;
import dev.jobqueue.runtime.ActivityFailures;
import dev.jobqueue.store.objects.ObjectStore;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report fleet's activities. Progress and the checkpoint travel in the heartbeat details, so a
 * retry, on whichever worker, continues from the last part in the store; a heartbeat that reports
 * the activity cancelled throws out of the render and leaves the parts for compensation or a retry.
 */
public class ReportActivitiesImpl implements ReportActivities {
  private static final Logger log = LoggerFactory.getLogger(ReportActivitiesImpl.class);

  private final StatementRenderer renderer;
  private final Clock clock;

  public ReportActivitiesImpl(ReportConfig config, Clock clock) {
    this(config, Optional.empty(), clock);
  }

  /** Reports in {@code objects} when present ({@code config}'s directory is then scratch). */
  public ReportActivitiesImpl(ReportConfig config, Optional<ObjectStore> objects, Clock clock) {
    this.renderer = new StatementRenderer(config, objects);
    this.clock = clock;
    log.info("report store: {}", renderer.describeStore());
  }

  @Override
  public ReportResult renderReport(ReportJob job) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    RenderCheckpoint checkpoint =
        context
            .getHeartbeatDetails(RenderProgress.class)
            .map(RenderProgress::checkpoint)
            .orElse(RenderCheckpoint.START);
    Instant started = clock.instant();
    try {
      ReportResult result = renderer.render(job, checkpoint, context::heartbeat);
      log.info(
          "{}: {} ({} pages, {} rendered by this attempt) in {} ms",
          job.job().workflowId(),
          result.file(),
          result.pages(),
          result.pagesRendered(),
          Duration.between(started, clock.instant()).toMillis());
      return result;
    } catch (InvalidReportException e) {
      throw failure(ErrorType.InvalidReportData, e.getMessage(), null);
    } catch (IOException | UncheckedIOException e) {
      throw failure(
          ErrorType.ReportStoreUnavailable, "the report store failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void discardReport(ReportJob job) {
    try {
      renderer.discard(job.job());
      log.info("{}: report and parts removed", job.job().workflowId());
    } catch (IOException | UncheckedIOException e) {
      throw failure(
          ErrorType.ReportStoreUnavailable, "could not remove the report: " + e.getMessage(), e);
    }
  }

  private static ApplicationFailure failure(ErrorType type, String message, Throwable cause) {
    return ActivityFailures.of(type, message, cause);
  }
}
