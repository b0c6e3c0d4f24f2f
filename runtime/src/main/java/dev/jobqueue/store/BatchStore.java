package dev.jobqueue.store;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The batch store: a directory shared by the API and the email fleet, holding what an {@code
 * email-batch} job sends so that large recipient lists never travel through Temporal's history.
 *
 * <pre>
 * &lt;store&gt;/&lt;name&gt;/manifest.json
 * &lt;store&gt;/&lt;name&gt;/chunk-000001.jsonl     items 0 .. chunkSize-1, one JSON object a line
 * &lt;store&gt;/&lt;name&gt;/outcome-000001.jsonl   one line per finished item of that chunk, appended
 * </pre>
 *
 * The name is the job's stem and the hash of the request the batch was staged for ({@link
 * BatchName}); batches staged before names had a hash are under the stem alone, and are read there.
 * A batch is staged whole or not at all (it is written under a temporary name and renamed into
 * place), before its workflow starts; after that its chunks never change and only outcomes are
 * appended. Chunks are numbered from 0 and their files from 1.
 */
public final class BatchStore {
  private static final String MANIFEST = "manifest.json";

  private final Path dir;
  private final DirSync dirSync;

  public BatchStore(Path dir) {
    this(dir, DirSync.FSYNC);
  }

  BatchStore(Path dir, DirSync dirSync) {
    this.dir = dir;
    this.dirSync = dirSync;
  }

  /**
   * A batch put into the store.
   *
   * @param created true if this call staged it; false if it was there already, staged under the
   *     same name (so with the same content) by an earlier or a concurrent request
   */
  public record Staged(BatchManifest manifest, boolean created) {}

  /**
   * Stages a batch under {@code name}: {@code template} null means every item carries its own
   * message. Items must come in index order from 0. A name is staged once: if it already is (an API
   * retry, or the same request at once on another instance), that batch stays and is returned.
   *
   * @throws IllegalArgumentException if the batch breaks {@link BatchLimits} or an item does not
   *     fit the mode; nothing is left behind
   */
  public Staged stage(
      BatchName name, MessageTemplate template, Iterator<BatchItem> items, int chunkSize)
      throws IOException {
    if (chunkSize < 1 || chunkSize > BatchLimits.MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException(
          "chunkSize must be 1 to " + BatchLimits.MAX_CHUNK_SIZE + ", not " + chunkSize);
    }
    Path target = batchDir(name);
    if (Files.isRegularFile(target.resolve(MANIFEST))) {
      return new Staged(manifest(name), false);
    }
    Files.createDirectories(dir);
    Path staging = dir.resolve(".staging-" + UUID.randomUUID());
    Files.createDirectory(staging);
    try {
      BatchManifest manifest = writeChunks(name, template, items, chunkSize, staging);
      BatchFiles.writeNew(staging.resolve(MANIFEST), BatchFiles.json(manifest));
      // the files' names are entries of the staging directory: durable before it is published
      dirSync.sync(staging);
      return publish(staging, target, name, manifest);
    } finally {
      BatchFiles.deleteTree(staging);
    }
  }

  private static BatchManifest writeChunks(
      BatchName name,
      MessageTemplate template,
      Iterator<BatchItem> items,
      int chunkSize,
      Path staging)
      throws IOException {
    boolean templated = template != null;
    int max = BatchLimits.maxItems(templated);
    int count = 0;
    BatchFiles.SyncedFile chunk = null;
    try {
      while (items.hasNext()) {
        BatchItem item = items.next();
        checkItem(item, count, templated, max, chunkSize);
        if (count % chunkSize == 0) {
          if (chunk != null) {
            chunk.close();
          }
          chunk = BatchFiles.create(staging.resolve(chunkName(count / chunkSize)));
        }
        chunk.out.write(BatchFiles.json(item));
        chunk.out.write('\n');
        count++;
      }
    } finally {
      if (chunk != null) {
        chunk.close();
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("a batch needs at least one item");
    }
    return BatchManifest.of(name, count, chunkSize, template);
  }

  private static void checkItem(
      BatchItem item, int position, boolean templated, int max, int chunkSize) {
    if (position >= max) {
      throw new IllegalArgumentException(
          "at most "
              + max
              + (templated ? " recipients of one template" : " distinct messages")
              + " in a batch");
    }
    if (position / chunkSize >= BatchLimits.MAX_CHUNKS) {
      throw new IllegalArgumentException(
          "at most " + BatchLimits.MAX_CHUNKS + " chunks in a batch: raise chunkSize");
    }
    if (item.index() != position) {
      throw new IllegalArgumentException("item " + position + " has index " + item.index());
    }
    if (templated && (item.to() == null || item.message() != null)) {
      throw new IllegalArgumentException(
          "item " + position + ": a templated batch item has a 'to' and no message");
    }
    if (!templated && item.message() == null) {
      throw new IllegalArgumentException(
          "item " + position + ": a batch without a template needs a message per item");
    }
  }

  private Staged publish(Path staging, Path target, BatchName name, BatchManifest manifest)
      throws IOException {
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      // the rename is an entry of the store's directory: a job must not start on a batch that a
      // power cut could take back
      dirSync.sync(dir);
      return new Staged(manifest, true);
    } catch (FileSystemException e) {
      // the same request staged it first (a retry, or another API instance): the same content
      if (Files.isRegularFile(target.resolve(MANIFEST))) {
        return new Staged(manifest(name), false);
      }
      throw e;
    }
  }

  public BatchManifest manifest(BatchName name) throws IOException {
    return BatchFiles.JSON.readValue(
        batchDir(name).resolve(MANIFEST).toFile(), BatchManifest.class);
  }

  /** The items of chunk {@code chunk} (0-based), in index order. */
  public List<BatchItem> readChunk(BatchName name, int chunk) throws IOException {
    return BatchFiles.readLines(batchDir(name).resolve(chunkName(chunk)), BatchItem.class, false);
  }

  /** Appends outcomes of chunk {@code chunk}, durably: they are on disk when this returns. */
  public void appendOutcomes(BatchName name, int chunk, List<ItemOutcome> outcomes)
      throws IOException {
    if (!outcomes.isEmpty()) {
      BatchFiles.appendLines(outcomeFile(name, chunk), outcomes, dirSync);
    }
  }

  /** Every outcome line of chunk {@code chunk}, oldest first; an item may have several. */
  public List<ItemOutcome> outcomeLog(BatchName name, int chunk) throws IOException {
    return BatchFiles.readLines(outcomeFile(name, chunk), ItemOutcome.class, true);
  }

  /**
   * A page of per-item outcomes in index order: those after {@code afterIndex} (-1 for the first
   * page) with {@code status} (null for all), at most {@code limit}. A page shorter than {@code
   * limit} is the last. Reads one chunk at a time, so a page costs a chunk or two unless the status
   * is rare.
   */
  public List<ItemOutcome> outcomes(BatchName name, String status, int afterIndex, int limit)
      throws IOException {
    if (status != null && !ItemOutcome.knownStatus(status)) {
      throw new IllegalArgumentException("unknown item status: " + status);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    BatchManifest manifest = manifest(name);
    int first = Math.max(0, afterIndex + 1);
    var page = new ArrayList<ItemOutcome>(Math.min(limit, 1_000));
    for (int chunk = manifest.chunkOf(first);
        chunk < manifest.chunks() && page.size() < limit;
        chunk++) {
      Map<Integer, ItemOutcome> latest = latest(outcomeLog(name, chunk));
      for (BatchItem item : readChunk(name, chunk)) {
        if (item.index() < first) {
          continue;
        }
        ItemOutcome outcome = latest.get(item.index());
        if (outcome == null) {
          outcome = ItemOutcome.pending(item.index(), item.recipient());
        }
        if (status == null || status.equals(outcome.status())) {
          page.add(outcome);
          if (page.size() == limit) {
            break;
          }
        }
      }
    }
    return page;
  }

  private static Map<Integer, ItemOutcome> latest(List<ItemOutcome> log) {
    var latest = new HashMap<Integer, ItemOutcome>();
    for (ItemOutcome line : log) {
      latest.put(line.index(), ItemOutcome.latest(latest.get(line.index()), line));
    }
    return latest;
  }

  /**
   * Every batch in the store with its name (from its manifest: the job it belongs to, and its hash
   * if it has one) and when it was staged (the manifest's modification time): what housekeeping
   * needs, so that it knows nothing of the layout. Batches of both layouts are listed; a directory
   * without a readable manifest (being staged, or not a batch) is left out.
   */
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
          if (read.job() != null && batch.getFileName().toString().equals(read.name().fileName())) {
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

  /** Removes the batch {@code name}, outcomes included; any other batch of its job stays. */
  public void delete(BatchName name) throws IOException {
    BatchFiles.deleteTree(batchDir(name));
  }

  Path batchDir(BatchName name) {
    return dir.resolve(name.fileName());
  }

  private Path outcomeFile(BatchName name, int chunk) {
    return batchDir(name).resolve(String.format("outcome-%06d.jsonl", chunk + 1));
  }

  private static String chunkName(int chunk) {
    return String.format("chunk-%06d.jsonl", chunk + 1);
  }
}
