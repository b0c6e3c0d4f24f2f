package dev.jobqueue.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The report fleet's renderer without Temporal, for the bench's raw PDF figure. It lives in the
 * renderer's package because {@link StatementRenderer} is the worker's internal class: the bench
 * measures exactly the code the activity runs, minus heartbeats and the workflow around it.
 */
public final class BenchRender {
  private final StatementRenderer renderer;

  /**
   * Renders into {@code storeDir} with the fleet's default layout (40 rows a page, 250-page parts).
   */
  public BenchRender(Path storeDir) {
    this.renderer = new StatementRenderer(ReportConfig.defaults(storeDir));
  }

  /** Renders {@code job} from the start, as a first attempt does. */
  public ReportResult render(ReportJob job) throws IOException {
    return renderer.render(job, RenderCheckpoint.START, RenderListener.NONE);
  }
}
