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
import java.io.BufferedReader;
import java.io.IOException;
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

  static final class SyncedFile implements AutoCloseable {
    private final FileChannel channel;
    final OutputStream out;

    private SyncedFile(FileChannel channel) {
      this.channel = channel;
      this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
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
    var reader = JSON.readerFor(type);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(reader.readValue(line));
        } catch (JsonProcessingException e) {
          if (!tolerateBroken) {
            throw new IOException(file + ": unreadable line: " + e.getOriginalMessage(), e);
          }
        }
      }
    } catch (NoSuchFileException e) {
      if (!tolerateBroken) {
        throw e;
      }
    }
    return out;
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
