package dev.jobqueue.report;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.objects.ObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The report store: a directory shared by the fleet. A report is {@code <stem>.pdf}; the parts of
 * one being rendered are {@code .parts/<stem>/part-000001.pdf, ...}. Every file appears by an
 * atomic rename of a synced temporary file, so a file under its final name is always complete.
 *
 * <p>With an object store, the directory is this worker's scratch space and the objects are what
 * the fleet shares: every finished part is uploaded as {@code parts/<stem>/part-000001.pdf} and the
 * report as {@code <stem>.pdf}, so that a retry on another worker finds them. Rendering and
 * assembly still read and write local files; this class alone knows where they are mirrored.
 */
final class ReportStore {
  private final Path dir;
  private final ObjectStore objects;

  ReportStore(Path dir) {
    this(dir, Optional.empty());
  }

  ReportStore(Path dir, Optional<ObjectStore> objects) {
    this.dir = dir;
    this.objects = objects.orElse(null);
  }

  /** Where reports end up, for logs. */
  String describe() {
    return objects == null ? dir.toString() : objects.describe() + " (scratch " + dir + ")";
  }

  /** What {@link #write} produces. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A stored file's size and SHA-256 (lower-case hex). */
  record Summary(long bytes, String sha256) {}

  /** The job's name in the store: {@link JobRef#fileStem()}. */
  static String stem(JobRef job) {
    return job.fileStem();
  }

  Path report(JobRef job) {
    return dir.resolve(stem(job) + ".pdf");
  }

  Path partsDir(JobRef job) {
    return dir.resolve(".parts").resolve(stem(job));
  }

  /** Part {@code part} (0-based) of the job, named from 1. */
  Path part(JobRef job, int part) {
    return partsDir(job).resolve(partName(part));
  }

  static String reportKey(JobRef job) {
    return stem(job) + ".pdf";
  }

  static String partsPrefix(JobRef job) {
    return "parts/" + stem(job) + "/";
  }

  static String partKey(JobRef job, int part) {
    return partsPrefix(job) + partName(part);
  }

  private static String partName(int part) {
    return String.format("part-%06d.pdf", part + 1);
  }

  /** Whether the first {@code count} parts are stored: in the object store when there is one. */
  boolean hasParts(JobRef job, int count) throws IOException {
    for (int part = 0; part < count; part++) {
      boolean stored =
          objects == null
              ? Files.isRegularFile(part(job, part))
              : objects.stat(partKey(job, part)).isPresent();
      if (!stored) {
        return false;
      }
    }
    return true;
  }

  /** Shares part {@code part}, just written to {@link #part}, with the fleet. */
  void publishPart(JobRef job, int part) throws IOException {
    if (objects != null) {
      objects.put(partKey(job, part), part(job, part));
    }
  }

  /**
   * Brings the first {@code count} parts, which {@link #hasParts} found, to {@link #part}: a resume
   * on another worker has none of them on its disk. Downloaded even if a local copy exists, since
   * the stored part is the one the checkpoint speaks of.
   */
  void fetchParts(JobRef job, int count) throws IOException {
    if (objects == null) {
      return;
    }
    for (int part = 0; part < count; part++) {
      Path target = part(job, part);
      Files.createDirectories(target.getParent());
      if (!objects.download(partKey(job, part), target)) {
        throw new IOException(
            "part " + partKey(job, part) + " left " + objects.describe() + " during the render");
      }
    }
  }

  /**
   * Whether a report is at {@link #report}, bringing the stored one there first when there is an
   * object store (a local file without a stored object is a leftover, and is not the report).
   */
  boolean fetchReport(JobRef job) throws IOException {
    Path report = report(job);
    if (objects == null) {
      return Files.isRegularFile(report);
    }
    Files.createDirectories(report.getParent());
    if (objects.download(reportKey(job), report)) {
      return true;
    }
    Files.deleteIfExists(report);
    return false;
  }

  /** Shares the report just written to {@link #report}; the local copy then goes. */
  void publishReport(JobRef job) throws IOException {
    if (objects != null) {
      objects.put(reportKey(job), report(job));
      Files.deleteIfExists(report(job));
    }
  }

  /**
   * Removes this worker's local copies of the job's files when they are only copies (there is an
   * object store): scratch holds nothing between renders, whichever way a render ended.
   */
  void clearScratch(JobRef job) throws IOException {
    if (objects != null) {
      deleteTree(partsDir(job));
      Files.deleteIfExists(report(job));
    }
  }

  /** Removes the job's parts, local and stored. */
  void deleteParts(JobRef job) throws IOException {
    deleteTree(partsDir(job));
    if (objects != null) {
      objects.deleteAll(partsPrefix(job));
    }
  }

  /** Removes the job's report, local and stored. */
  void deleteReport(JobRef job) throws IOException {
    Files.deleteIfExists(report(job));
    if (objects != null) {
      objects.delete(reportKey(job));
    }
  }

  private static void deleteTree(Path parts) throws IOException {
    if (!Files.exists(parts)) {
      return;
    }
    try (Stream<Path> files = Files.walk(parts)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Writes {@code target} through a uniquely named temporary file: two workers never collide. */
  static void write(Path target, Content content) throws IOException {
    write(target, content, ReportStore::syncDir);
  }

  /** Makes a directory's entries durable; a seam, so that tests see when it happens. */
  @FunctionalInterface
  interface DirSync {
    void sync(Path dir) throws IOException;
  }

  static void write(Path target, Content content, DirSync dirSync) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, CREATE_NEW, WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        // Synced before the rename, or a power cut could leave a complete name on empty data.
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      // the new name is an entry of the directory: durable only once the directory is synced
      dirSync.sync(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static void syncDir(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  static Summary summarize(Path file) throws IOException {
    MessageDigest sha = ReportFingerprint.sha256();
    long bytes = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; bytes += n) {
        sha.update(buffer, 0, n);
      }
    }
    return new Summary(bytes, HexFormat.of().formatHex(sha.digest()));
  }
}
