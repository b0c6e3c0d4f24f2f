package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.store.objects.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The report store as the API reads it: the directory the pdf workers write finished reports to, or
 * the object store they upload them to. Either way a report is {@code <name>.pdf} at the top, and
 * the parts of one being rendered are below it ({@code .parts/<name>/} in the directory, {@code
 * parts/<name>/} in the object store).
 */
public final class ReportFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ReportFiles.class);
  private static final String PDF = "application/pdf";

  private final Path dir;
  private final ObjectStore objects;
  private final Duration presignExpiry;

  public ReportFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    this.objects = null;
    this.presignExpiry = null;
  }

  /**
   * The reports in {@code objects}; a download URL, where it can make one, lasts {@code expiry}.
   */
  public ReportFiles(ObjectStore objects, Duration presignExpiry) {
    this.dir = null;
    this.objects = objects;
    this.presignExpiry = presignExpiry;
  }

  /** How a finished report reaches the client. */
  public sealed interface Download {}

  /** The report is this file of the store directory. */
  public record LocalFile(Path file) implements Download {}

  /** The report's bytes, from an object store that cannot presign; the reader closes them. */
  public record Bytes(InputStream in) implements Download {}

  /** The report can be read at this presigned URL, without credentials, for a while. */
  public record Redirect(URI location) implements Download {}

  /**
   * The finished report, or 410 if it is not (or no longer) in the store; 503 if the object store
   * does not answer. The name comes from the workflow's result; it must still name a file directly
   * inside the store. A presigned URL answers as the API would: a PDF attachment named {@code
   * fileName}.
   */
  public Download download(ReportResult result, String fileName) {
    String name = result.file();
    if (objects == null) {
      Path file = name == null ? null : dir.resolve(name).normalize();
      if (file == null || !dir.equals(file.getParent()) || !Files.isRegularFile(file)) {
        throw gone();
      }
      return new LocalFile(file);
    }
    if (name == null || name.isEmpty() || name.contains("/") || name.startsWith(".")) {
      throw gone();
    }
    try {
      if (objects.stat(name).isEmpty()) {
        throw gone();
      }
      var url =
          objects.presign(name, presignExpiry, PDF, "attachment; filename=\"" + fileName + "\"");
      if (url.isPresent()) {
        return new Redirect(url.get());
      }
      return new Bytes(objects.open(name).orElseThrow(ReportFiles::gone));
    } catch (IOException e) {
      LOG.warn("report store: cannot read {}", name, e);
      throw ApiProblem.retryLater(
          503,
          "report-store-unavailable",
          "Service unavailable",
          "the report store does not answer; ask again later",
          5);
    }
  }

  private static ApiProblem gone() {
    return ApiProblem.of(
        410,
        "report-gone",
        "The report is not in the store",
        "the job succeeded, but its report is no longer in the report store");
  }

  /**
   * Removes the reports last written before {@code expired} says, and the parts of renders that
   * wrote none since (a render writes a part every few seconds: parts this old belong to no
   * render). Returns how many reports and part sets went.
   */
  public int removeExpired(Predicate<Instant> expired) throws IOException {
    return objects == null ? removeExpiredFiles(expired) : removeExpiredObjects(expired);
  }

  private int removeExpiredObjects(Predicate<Instant> expired) throws IOException {
    int removed = 0;
    // the newest part of each render: its parts go together, once none is recent
    Map<String, Instant> renders = new LinkedHashMap<>();
    for (ObjectStore.ObjectInfo object : objects.list("")) {
      String key = object.key();
      if (key.startsWith("parts/")) {
        int slash = key.indexOf('/', "parts/".length());
        if (slash > 0) {
          renders.merge(
              key.substring(0, slash + 1), object.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
        }
      } else if (!key.contains("/")
          && key.endsWith(".pdf")
          && expired.test(object.lastModified())) {
        objects.delete(key);
        removed++;
      }
    }
    for (var render : renders.entrySet()) {
      if (expired.test(render.getValue())) {
        objects.deleteAll(render.getKey());
        removed++;
      }
    }
    return removed;
  }

  private int removeExpiredFiles(Predicate<Instant> expired) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (var entries = Files.list(dir)) {
      for (Path file : entries.toList()) {
        if (Files.isRegularFile(file)
            && file.getFileName().toString().endsWith(".pdf")
            && expired.test(Files.getLastModifiedTime(file).toInstant())) {
          Files.deleteIfExists(file);
          removed++;
        }
      }
    }
    Path parts = dir.resolve(".parts");
    if (Files.isDirectory(parts)) {
      try (var entries = Files.list(parts)) {
        for (Path render : entries.toList()) {
          if (expired.test(Files.getLastModifiedTime(render).toInstant())) {
            deleteTree(render);
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
