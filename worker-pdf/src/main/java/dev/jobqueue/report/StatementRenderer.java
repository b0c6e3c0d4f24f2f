package dev.jobqueue.report;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.objects.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a statement into the report store, part by part, then assembles the parts. Usable without
 * Temporal: the activity is this plus heartbeats and failure types. The same job always produces
 * the same bytes, whether it ran in one go, resumed from a checkpoint, or was already done.
 *
 * <p>Public for one use outside the fleet: {@link #render(ReportJob)}, the render without Temporal,
 * which the bench measures beside the whole path through the API and this worker. Everything else
 * stays the activity's.
 */
public final class StatementRenderer {
  private static final Logger log = LoggerFactory.getLogger(StatementRenderer.class);

  private final ReportConfig config;
  private final ReportStore store;

  /** A renderer into {@code config}'s store, with its layout. */
  public StatementRenderer(ReportConfig config) {
    this(config, Optional.empty());
  }

  /**
   * A renderer with {@code config}'s layout into {@code objects} when present, {@code config}'s
   * store directory then being only its scratch space; into that directory otherwise.
   */
  public StatementRenderer(ReportConfig config, Optional<ObjectStore> objects) {
    this.config = config;
    this.store = new ReportStore(config.storeDir(), objects);
  }

  /** Where the reports go, for logs. */
  String describeStore() {
    return store.describe();
  }

  /**
   * Renders {@code job} from the start, as a first attempt of the activity does, minus the
   * heartbeats: nobody is told of its progress. A job whose data cannot be rendered fails with an
   * unchecked exception, as the activity's non-retryable {@code InvalidReportData} does.
   *
   * @throws IOException when the store cannot be read or written
   */
  public ReportResult render(ReportJob job) throws IOException {
    return render(job, RenderCheckpoint.START, RenderListener.NONE);
  }

  /**
   * Renders {@code job}, continuing after {@code checkpoint} when the parts it names are still in
   * the store, from the start otherwise.
   *
   * @throws InvalidReportException when the job cannot be rendered by any retry
   * @throws IOException when the store cannot be read or written
   */
  ReportResult render(ReportJob job, RenderCheckpoint checkpoint, RenderListener listener)
      throws IOException {
    ReportValidation.check(job);
    JobRef ref = job.job();
    try {
      return render(job, ref, checkpoint, listener);
    } finally {
      clearScratch(ref);
    }
  }

  private ReportResult render(
      ReportJob job, JobRef ref, RenderCheckpoint checkpoint, RenderListener listener)
      throws IOException {
    RowSource rows = RowSource.of(job);
    StatementLayout layout = StatementLayout.of(rows.size(), config);
    byte[] documentId = ReportFingerprint.of(job, rows, config.rowsPerPage());
    Path report = store.report(ref);
    if (store.fetchReport(ref) && isRendered(report, documentId)) {
      // A retry after the rename (or upload) whose completion never reached Temporal.
      deleteParts(ref);
      long total = 0;
      for (long i = 0; i < rows.size(); i++) {
        total += rows.amountCents(i);
      }
      return result(ReportStore.summarize(report), report, layout, total, layout.totalPages());
    }
    RenderCheckpoint start =
        resumable(ref, layout, checkpoint) ? checkpoint : RenderCheckpoint.START;
    if (start.partsDone() == 0) {
      store.deleteParts(ref); // stray temporary files, or parts of other data under this job id
    } else {
      log.info(
          "{}: resuming after part {} (page {})",
          ref.workflowId(),
          start.partsDone(),
          start.pagesDone());
      store.fetchParts(ref, start.partsDone());
    }
    int totalPages = layout.totalPages();
    int every = config.heartbeatEveryPages();
    var writer = new PartWriter(job, layout, rows, documentId);
    RenderCheckpoint done = start;
    for (int part = start.partsDone(); part < layout.parts(); part++) {
      RenderCheckpoint before = done;
      int partEnd = layout.pagesAfter(part + 1);
      done =
          writer.write(
              part,
              before,
              store.part(ref, part),
              pages -> {
                if (pages % every == 0 && pages < partEnd) {
                  listener.progress(new RenderProgress(pages, totalPages, before));
                }
              });
      store.publishPart(ref, part); // before the checkpoint that names it
      listener.progress(new RenderProgress(done.pagesDone(), totalPages, done));
    }
    RenderCheckpoint rendered = done;
    List<Path> parts =
        IntStream.range(0, layout.parts()).mapToObj(p -> store.part(ref, p)).toList();
    // Assembling a long report takes a while too: keep heartbeating, with the full checkpoint.
    ReportAssembler.assemble(
        parts,
        totalPages,
        documentId,
        report,
        pages -> {
          if (pages % every == 0) {
            listener.progress(new RenderProgress(totalPages, totalPages, rendered));
          }
        });
    // summarized before the upload, from the bytes just written
    ReportStore.Summary summary = ReportStore.summarize(report);
    store.publishReport(ref);
    deleteParts(ref);
    return result(summary, report, layout, rendered.totalCents(), start.pagesDone());
  }

  private boolean resumable(JobRef ref, StatementLayout layout, RenderCheckpoint checkpoint)
      throws IOException {
    return checkpoint != null
        && checkpoint.partsDone() > 0
        && layout.fits(checkpoint)
        && store.hasParts(ref, checkpoint.partsDone());
  }

  /** Whether {@code report}, which exists, is this job's: its {@code /ID} is the fingerprint. */
  private static boolean isRendered(Path report, byte[] documentId) {
    try {
      return Arrays.equals(ReportAssembler.documentId(report), documentId);
    } catch (IOException e) {
      log.warn("{} is unreadable; rendering it again", report, e);
      return false;
    }
  }

  /**
   * What is shared is in the object store by now, and a retry here downloads it again. Best effort:
   * a failure here must not hide how the render ended (a cancellation, say).
   */
  private void clearScratch(JobRef ref) {
    try {
      store.clearScratch(ref);
    } catch (IOException e) {
      log.warn("{}: could not clear the scratch copies", ref.workflowId(), e);
    }
  }

  /** The report is done whatever happens to its parts; a later render clears leftovers. */
  private void deleteParts(JobRef ref) {
    try {
      store.deleteParts(ref);
    } catch (IOException e) {
      log.warn("{}: could not delete the parts of a finished report", ref.workflowId(), e);
    }
  }

  private static ReportResult result(
      ReportStore.Summary file,
      Path report,
      StatementLayout layout,
      long totalCents,
      int resumedFromPage) {
    return new ReportResult(
        report.getFileName().toString(),
        layout.totalPages(),
        file.bytes(),
        file.sha256(),
        layout.rows(),
        totalCents,
        resumedFromPage,
        layout.totalPages() - resumedFromPage);
  }

  /** Removes the job's report and its parts, whatever state they are in. Idempotent. */
  void discard(JobRef ref) throws IOException {
    store.deleteParts(ref);
    store.deleteReport(ref);
  }
}
