package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.report.ReportResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The report store as the API reads it: the directory the pdf workers write finished reports to.
 */
public final class ReportFiles {
  private final Path dir;

  public ReportFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /**
   * The finished report's file, or 410 if it is not (or no longer) in the store. The name comes
   * from the workflow's result; it must still name a file directly inside the store.
   */
  public Path file(ReportResult result) {
    String name = result.file();
    Path file = name == null ? null : dir.resolve(name).normalize();
    if (file == null || !dir.equals(file.getParent()) || !Files.isRegularFile(file)) {
      throw ApiProblem.of(
          410,
          "report-gone",
          "The report is not in the store",
          "the job succeeded, but its report is no longer in the report store");
    }
    return file;
  }
}
