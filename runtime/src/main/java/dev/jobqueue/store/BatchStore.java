package dev.jobqueue.store;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.store.objects.ObjectStore;
import dev.jobqueue.store.objects.ObjectStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch store, shared by the API and the email fleet, holding what an {@code email-batch} job
 * sends so that large recipient lists never travel through Temporal's history. It is a directory
 * ({@link #BatchStore(Path)}), or an object store when the processes share no disk ({@link #on}):
 *
 * <pre>
 * &lt;store&gt;/&lt;name&gt;/manifest.json
 * &lt;store&gt;/&lt;name&gt;/chunk-000001.jsonl     items 0 .. chunkSize-1, one JSON object a line
 * &lt;store&gt;/&lt;name&gt;/outcome-000001.jsonl   one line per finished item of that chunk, appended
 * </pre>
 *
 * (in an object store, where nothing is appended, each append of outcomes is an object under {@code
 * outcome-000001/}: {@link ObjectBackend}). The name is the job's stem and the hash of the request
 * the batch was staged for ({@link BatchName}); batches staged before names had a hash are under
 * the stem alone, and are read there. A batch is staged whole or not at all (a directory's is
 * written under a temporary name and renamed into place; an object store's manifest is written
 * last), before its workflow starts; after that its chunks never change and only outcomes are
 * appended. Chunks are numbered from 0 and their files from 1.
 */
public final class BatchStore {
  private static final Logger LOG = LoggerFactory.getLogger(BatchStore.class);

  private final BatchBackend backend;

  /** The store in the directory {@code dir}. */
  public BatchStore(Path dir) {
    this(dir, DirSync.FSYNC);
  }

  BatchStore(Path dir, DirSync dirSync) {
    this(new DirectoryBackend(dir, dirSync));
  }

  private BatchStore(BatchBackend backend) {
    this.backend = backend;
  }

  /** The store on {@code objects}, its keys relative to it. */
  public static BatchStore on(ObjectStore objects) {
    return new BatchStore(new ObjectBackend(objects));
  }

  /**
   * The store a process is configured with: the {@code batches/} part of the object store if one is
   * configured, else the directory {@code dir}.
   */
  public static BatchStore open(ObjectStoreConfig objectStore, Path dir) {
    BatchStore store =
        objectStore.open("batches/").map(BatchStore::on).orElseGet(() -> new BatchStore(dir));
    LOG.info("batch store: {}", store.describe());
    return store;
  }

  /** Where the batches are, for logs: a directory, or an object store's bucket and prefix. */
  public String describe() {
    return backend.describe();
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
    if (backend.published(name)) {
      return new Staged(manifest(name), false);
    }
    try (BatchBackend.Staging staging = backend.stage(name)) {
      BatchManifest manifest;
      try {
        manifest = writeChunks(name, template, items, chunkSize, staging);
      } catch (IllegalArgumentException e) {
        staging.refused();
        throw e;
      }
      return staging.publish(manifest)
          ? new Staged(manifest, true)
          : new Staged(manifest(name), false);
    }
  }

  private static BatchManifest writeChunks(
      BatchName name,
      MessageTemplate template,
      Iterator<BatchItem> items,
      int chunkSize,
      BatchBackend.Staging staging)
      throws IOException {
    boolean templated = template != null;
    int max = BatchLimits.maxItems(templated);
    int count = 0;
    OutputStream chunk = null;
    try {
      while (items.hasNext()) {
        BatchItem item = items.next();
        checkItem(item, count, templated, max, chunkSize);
        if (count % chunkSize == 0) {
          if (chunk != null) {
            chunk.close();
          }
          chunk = staging.chunk(chunkName(count / chunkSize));
        }
        chunk.write(BatchFiles.json(item));
        chunk.write('\n');
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

  public BatchManifest manifest(BatchName name) throws IOException {
    try (InputStream in = backend.read(name, BatchBackend.MANIFEST)) {
      return BatchFiles.JSON.readValue(in, BatchManifest.class);
    }
  }

  /** The items of chunk {@code chunk} (0-based), in index order. */
  public List<BatchItem> readChunk(BatchName name, int chunk) throws IOException {
    var items = new ArrayList<BatchItem>();
    BatchFiles.readLines(
        backend.read(name, chunkName(chunk)),
        name.fileName() + "/" + chunkName(chunk),
        BatchItem.class,
        false,
        items);
    return items;
  }

  /** Appends outcomes of chunk {@code chunk}, durably: they are stored when this returns. */
  public void appendOutcomes(BatchName name, int chunk, List<ItemOutcome> outcomes)
      throws IOException {
    if (!outcomes.isEmpty()) {
      backend.appendOutcomes(name, outcomeFile(chunk), outcomes);
    }
  }

  /** Every outcome line of chunk {@code chunk}, oldest first; an item may have several. */
  public List<ItemOutcome> outcomeLog(BatchName name, int chunk) throws IOException {
    return backend.outcomeLog(name, outcomeFile(chunk));
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
   * (or a key prefix) without a readable manifest (being staged, or not a batch) is left out.
   */
  public List<StagedBatch> stagedBatches() throws IOException {
    return backend.stagedBatches();
  }

  /** Removes the batch {@code name}, outcomes included; any other batch of its job stays. */
  public void delete(BatchName name) throws IOException {
    backend.delete(name);
  }

  private static String outcomeFile(int chunk) {
    return String.format("outcome-%06d.jsonl", chunk + 1);
  }

  private static String chunkName(int chunk) {
    return String.format("chunk-%06d.jsonl", chunk + 1);
  }
}
