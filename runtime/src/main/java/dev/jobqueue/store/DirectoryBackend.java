package dev.jobqueue.store;

import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The batch store in a directory (local, or a mount the API and the email fleet share). A batch is
 * written in a {@code .staging-<uuid>} directory and renamed into place, so it is there whole or
 * not at all; each chunk's outcomes are lines appended to one file, {@code outcome-000001.jsonl}.
 */
final class DirectoryBackend implements BatchBackend {
  private final Path dir;
  private final DirSync dirSync;

  DirectoryBackend(Path dir, DirSync dirSync) {
    this.dir = dir;
    this.dirSync = dirSync;
  }

  Path batchDir(BatchName name) {
    return dir.resolve(name.fileName());
  }

  @Override
  public boolean published(BatchName name) {
    return Files.isRegularFile(batchDir(name).resolve(MANIFEST));
  }

  @Override
  public Staging stage(BatchName name) throws IOException {
    Files.createDirectories(dir);
    Path staging = dir.resolve(".staging-" + UUID.randomUUID());
    Files.createDirectory(staging);
    Path target = batchDir(name);
    return new Staging() {
      @Override
      public OutputStream chunk(String fileName) throws IOException {
        return BatchFiles.create(staging.resolve(fileName));
      }

      @Override
      public boolean publish(BatchManifest manifest) throws IOException {
        BatchFiles.writeNew(staging.resolve(MANIFEST), BatchFiles.json(manifest));
        // the files' names are entries of the staging directory: durable before it is published
        dirSync.sync(staging);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
          // the rename is an entry of the store's directory: a job must not start on a batch that
          // a power cut could take back
          dirSync.sync(dir);
          return true;
        } catch (FileSystemException e) {
          // the same request staged it first (a retry, or another API instance): the same content
          if (published(name)) {
            return false;
          }
          throw e;
        }
      }

      @Override
      public void close() throws IOException {
        BatchFiles.deleteTree(staging);
      }
    };
  }

  @Override
  public InputStream read(BatchName name, String fileName) throws IOException {
    return Files.newInputStream(batchDir(name).resolve(fileName));
  }

  @Override
  public void appendOutcomes(BatchName name, String outcomeFile, List<ItemOutcome> outcomes)
      throws IOException {
    BatchFiles.appendLines(batchDir(name).resolve(outcomeFile), outcomes, dirSync);
  }

  @Override
  public List<ItemOutcome> outcomeLog(BatchName name, String outcomeFile) throws IOException {
    return BatchFiles.readLines(batchDir(name).resolve(outcomeFile), ItemOutcome.class, true);
  }

  @Override
  public List<StagedBatch> stagedBatches() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    var batches = new ArrayList<StagedBatch>();
    try (var entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path batch : entries) {
        Path manifest = batch.resolve(MANIFEST);
        try {
          BatchManifest read = BatchFiles.JSON.readValue(manifest.toFile(), BatchManifest.class);
          if (BatchFiles.isUnder(read, batch.getFileName().toString())) {
            batches.add(
                new StagedBatch(read.name(), Files.getLastModifiedTime(manifest).toInstant()));
          }
        } catch (IOException | IllegalArgumentException e) {
          // no manifest (a staging directory, a stray folder) or one that does not read: not ours
        }
      }
    }
    return batches;
  }

  @Override
  public void delete(BatchName name) throws IOException {
    BatchFiles.deleteTree(batchDir(name));
  }

  @Override
  public String describe() {
    return "directory " + dir.toAbsolutePath();
  }
}
