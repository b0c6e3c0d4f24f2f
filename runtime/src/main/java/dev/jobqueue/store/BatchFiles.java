package dev.jobqueue.store;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.batch.BatchManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The file mechanics of the batch store: JSON lines, durable appends, synced files. */
final class BatchFiles {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private BatchFiles() {}

  /** Writes a new file, synced before it is closed, so that a later rename publishes it whole. */
  static void writeNew(Path file, byte[] content) throws IOException {
    try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
      writeFully(channel, content);
      channel.force(true);
    }
  }

  /** A writer for a new file; {@link SyncedFile#close()} syncs it. */
  static SyncedFile create(Path file) throws IOException {
    return new SyncedFile(FileChannel.open(file, CREATE_NEW, WRITE));
  }

  static final class SyncedFile extends OutputStream {
    private final FileChannel channel;
    private final OutputStream out;

    private SyncedFile(FileChannel channel) {
      this.channel = channel;
      this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      try (channel) {
        out.flush();
        channel.force(true);
      }
    }
  }

  /**
   * Appends {@code lines} in one write and syncs them before returning. The block starts with a
   * line break, so that a line an earlier crash cut short cannot swallow the first new one.
   */
  static void appendLines(Path file, List<?> lines, DirSync dirSync) throws IOException {
    var block = new java.io.ByteArrayOutputStream(lines.size() * 160);
    block.write('\n');
    for (Object line : lines) {
      block.write(json(line));
      block.write('\n');
    }
    boolean created = !Files.exists(file);
    try (FileChannel channel = FileChannel.open(file, CREATE, WRITE, APPEND)) {
      writeFully(channel, block.toByteArray());
      // data only: the size change that makes the data readable is synced with it
      channel.force(false);
    }
    if (created) {
      // a new file's name is an entry of its directory: not on disk until the directory is synced
      dirSync.sync(file.getParent());
    }
  }

  /** Syncs {@code dir} itself, so that the names created or renamed in it survive a power cut. */
  static void syncDir(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    }
  }

  /**
   * The JSON lines of {@code file}, empty if it does not exist. A line that does not parse is
   * skipped: only a crash mid-append leaves one, and its item simply counts as not yet done.
   */
  static <T> List<T> readLines(Path file, Class<T> type, boolean tolerateBroken)
      throws IOException {
    var out = new ArrayList<T>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      readLines(in, file.toString(), type, tolerateBroken, out);
    } catch (NoSuchFileException e) {
      if (!tolerateBroken) {
        throw e;
      }
    }
    return out;
  }

  /** Adds the JSON lines of {@code in} (read from {@code source}) to {@code out}, as above. */
  static <T> void readLines(
      InputStream in, String source, Class<T> type, boolean tolerateBroken, List<T> out)
      throws IOException {
    // a decoder that reports malformed input, as Files.newBufferedReader's does
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try (var reader = new BufferedReader(new InputStreamReader(in, decoder), 1 << 16)) {
      readLines(reader, source, type, tolerateBroken, out);
    }
  }

  private static <T> void readLines(
      BufferedReader in, String source, Class<T> type, boolean tolerateBroken, List<T> out)
      throws IOException {
    var reader = JSON.readerFor(type);
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(reader.readValue(line));
      } catch (JsonProcessingException e) {
        if (!tolerateBroken) {
          throw new IOException(source + ": unreadable line: " + e.getOriginalMessage(), e);
        }
      }
    }
  }

  /**
   * True if {@code manifest} is a batch's, read from under {@code batch} (its directory, or its
   * key's first segment): a stray or a copied one names another place, or no job.
   */
  static boolean isUnder(BatchManifest manifest, String batch) {
    return manifest.job() != null && batch.equals(manifest.name().fileName());
  }

  /** {@code lines} as JSON lines, each ended by a line break. */
  static byte[] jsonLines(List<?> lines) {
    var block = new java.io.ByteArrayOutputStream(lines.size() * 160);
    for (Object line : lines) {
      block.writeBytes(json(line));
      block.write('\n');
    }
    return block.toByteArray();
  }

  static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void writeFully(FileChannel channel, byte[] content) throws IOException {
    var buffer = ByteBuffer.wrap(content);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }
}
