package dev.jobqueue.report;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.jobqueue.job.JobRef;
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
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The report store: a directory shared by the fleet. A report is {@code <stem>.pdf}; the parts of
 * one being rendered are {@code .parts/<stem>/part-000001.pdf, ...}. Every file appears by an
 * atomic rename of a synced temporary file, so a file under its final name is always complete.
 */
final class ReportStore {
  private final Path dir;

  ReportStore(Path dir) {
    this.dir = dir;
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
    return partsDir(job).resolve(String.format("part-%06d.pdf", part + 1));
  }

  boolean hasParts(JobRef job, int count) {
    for (int part = 0; part < count; part++) {
      if (!Files.isRegularFile(part(job, part))) {
        return false;
      }
    }
    return true;
  }

  void deleteParts(JobRef job) throws IOException {
    Path parts = partsDir(job);
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
