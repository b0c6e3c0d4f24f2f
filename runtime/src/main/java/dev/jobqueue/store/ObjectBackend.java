package dev.jobqueue.store;

import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.store.objects.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The batch store on an {@link ObjectStore} (an S3 bucket), for an API and an email fleet that
 * share no disk. Keys are relative to the store:
 *
 * <pre>
 * &lt;name&gt;/chunk-000001.jsonl    written first
 * &lt;name&gt;/manifest.json         written last, if absent: being there publishes the batch
 * &lt;name&gt;/outcome-000001/&lt;millis&gt;-&lt;sequence&gt;-&lt;random&gt;.jsonl
 * </pre>
 *
 * An object cannot be appended to, so each append of a chunk's outcomes is an object of its own,
 * and the chunk's log is its objects in key order. The keys of one process sort in the order it
 * wrote them (its time, never going back, then a sequence); those of two processes sort by their
 * clocks. That is order enough for {@link ItemOutcome#latest}: an acceptance stands whatever comes
 * after it, so no order can send an accepted item again; otherwise the later line wins, and the
 * lines of one item come from the runs of its chunk one after another (an attempt, the next after a
 * backoff, a redrive after the job ended), further apart than the workers' clocks. Only an attempt
 * given up for lost while it still sends races its successor, and a file's order of arrival says no
 * more about that race than the clocks do.
 */
final class ObjectBackend implements BatchBackend {
  private static long lastMillis;
  private static long sequence;

  private final ObjectStore objects;

  ObjectBackend(ObjectStore objects) {
    this.objects = objects;
  }

  private static String key(BatchName name, String fileName) {
    return name.fileName() + "/" + fileName;
  }

  /** {@code outcome-000001.jsonl}'s objects are under {@code outcome-000001/}. */
  private static String outcomePrefix(BatchName name, String outcomeFile) {
    return key(name, outcomeFile.substring(0, outcomeFile.lastIndexOf('.')) + "/");
  }

  /** The next outcome object's name: after every earlier one of this process. */
  private static synchronized String nextOutcomeName() {
    lastMillis = Math.max(lastMillis, System.currentTimeMillis());
    sequence++;
    return String.format(
        "%015d-%012d-%016x.jsonl", lastMillis, sequence, ThreadLocalRandom.current().nextLong());
  }

  @Override
  public boolean published(BatchName name) throws IOException {
    return objects.stat(key(name, MANIFEST)).isPresent();
  }

  @Override
  public Staging stage(BatchName name) {
    return new Staging() {
      private final List<String> written = new ArrayList<>();
      private boolean refused;

      @Override
      public OutputStream chunk(String fileName) {
        String key = key(name, fileName);
        return new ByteArrayOutputStream(1 << 16) {
          private boolean closed;

          @Override
          public void close() throws IOException {
            if (!closed) {
              closed = true;
              written.add(key);
              objects.put(key, toByteArray());
            }
          }
        };
      }

      @Override
      public boolean publish(BatchManifest manifest) throws IOException {
        return objects.putIfAbsent(key(name, MANIFEST), BatchFiles.json(manifest));
      }

      @Override
      public void refused() {
        refused = true;
      }

      @Override
      public void close() throws IOException {
        // only a refused batch's chunks go: after an I/O failure another stager of the same
        // request may be publishing these very keys (the same content), and deleting them then
        // would take chunks from under its manifest; they are written over by the next staging
        if (refused) {
          for (String key : written) {
            objects.delete(key);
          }
        }
      }
    };
  }

  @Override
  public InputStream read(BatchName name, String fileName) throws IOException {
    String key = key(name, fileName);
    return objects
        .open(key)
        .orElseThrow(() -> new NoSuchFileException(objects.describe() + ": " + key));
  }

  @Override
  public void appendOutcomes(BatchName name, String outcomeFile, List<ItemOutcome> outcomes)
      throws IOException {
    objects.put(
        outcomePrefix(name, outcomeFile) + nextOutcomeName(), BatchFiles.jsonLines(outcomes));
  }

  @Override
  public List<ItemOutcome> outcomeLog(BatchName name, String outcomeFile) throws IOException {
    var log = new ArrayList<ItemOutcome>();
    for (ObjectStore.ObjectInfo object : objects.list(outcomePrefix(name, outcomeFile))) {
      Optional<InputStream> in = objects.open(object.key());
      if (in.isPresent()) { // else removed since listed: the batch is being deleted
        BatchFiles.readLines(in.get(), object.key(), ItemOutcome.class, true, log);
      }
    }
    return log;
  }

  @Override
  public List<StagedBatch> stagedBatches() throws IOException {
    var batches = new ArrayList<StagedBatch>();
    for (ObjectStore.ObjectInfo object : objects.list("")) {
      String key = object.key();
      int slash = key.indexOf('/');
      if (slash < 1 || !key.substring(slash + 1).equals(MANIFEST)) {
        continue;
      }
      try {
        Optional<InputStream> in = objects.open(key);
        if (in.isEmpty()) {
          continue;
        }
        BatchManifest read;
        try (InputStream manifest = in.get()) {
          read = BatchFiles.JSON.readValue(manifest, BatchManifest.class);
        }
        if (BatchFiles.isUnder(read, key.substring(0, slash))) {
          batches.add(new StagedBatch(read.name(), object.lastModified()));
        }
      } catch (IOException | IllegalArgumentException e) {
        // a manifest that does not read: not ours
      }
    }
    return batches;
  }

  /**
   * Removes the manifest last: a delete cut short leaves a batch that is still listed, which the
   * next sweep removes, rather than objects nothing lists.
   */
  @Override
  public void delete(BatchName name) throws IOException {
    String manifest = key(name, MANIFEST);
    for (ObjectStore.ObjectInfo object : objects.list(name.fileName() + "/")) {
      if (!object.key().equals(manifest)) {
        objects.delete(object.key());
      }
    }
    objects.delete(manifest);
  }

  @Override
  public String describe() {
    return "object store " + objects.describe();
  }
}
