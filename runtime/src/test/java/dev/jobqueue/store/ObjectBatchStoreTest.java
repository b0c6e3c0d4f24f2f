package dev.jobqueue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.objects.DirectoryObjectStore;
import dev.jobqueue.store.objects.ForwardingObjectStore;
import dev.jobqueue.store.objects.ObjectStore;
import dev.jobqueue.store.objects.ObjectStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The batch store on an object store: the contract, and what objects change: the manifest written
 * last and only if absent, one object per append of outcomes.
 */
class ObjectBatchStoreTest extends BatchStoreContract {
  private ObjectStore objects() {
    return new DirectoryObjectStore(dir);
  }

  @Override
  BatchStore store() {
    return BatchStore.on(objects());
  }

  private List<String> keys(String prefix) throws IOException {
    return objects().list(prefix).stream().map(ObjectStore.ObjectInfo::key).toList();
  }

  private static ItemOutcome deferred(int index, int attempt) {
    return new ItemOutcome(
        index,
        "user" + index + "@example.org",
        ItemOutcome.DEFERRED,
        451,
        "451 try later",
        "2026-01-01T00:00:00Z",
        "SmtpTransient",
        1,
        attempt,
        "2026-01-01T00:05:00Z",
        "2026-01-01T00:00:00Z");
  }

  @Test
  void stagingOneNameAtOnceCreatesItOnce() throws Exception {
    int stagers = 8;
    var start = new CyclicBarrier(stagers);
    ExecutorService pool = Executors.newFixedThreadPool(stagers);
    try {
      var staged = new ArrayList<Future<BatchStore.Staged>>();
      for (int i = 0; i < stagers; i++) {
        staged.add(
            pool.submit(
                () -> {
                  var store = store();
                  start.await();
                  return store.stage(JOB, TEMPLATE, recipients(25), 10);
                }));
      }
      var results = new ArrayList<BatchStore.Staged>();
      for (var result : staged) {
        results.add(result.get(30, TimeUnit.SECONDS));
      }

      assertThat(results).filteredOn(BatchStore.Staged::created).hasSize(1);
      assertThat(results)
          .extracting(BatchStore.Staged::manifest)
          .containsOnly(store().manifest(JOB));
      assertThat(store().readChunk(JOB, 2)).hasSize(5);
      assertThat(store().stagedBatches()).extracting(StagedBatch::name).containsExactly(JOB);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eachAppendIsAnObjectAndTheLogReadsThemInTheOrderWritten() throws IOException {
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(3), 10);
    // many appends within a millisecond or two: their order is the process's sequence
    for (int attempt = 1; attempt <= 100; attempt++) {
      store.appendOutcomes(JOB, 0, List.of(deferred(0, attempt)));
    }
    store.appendOutcomes(JOB, 0, List.of(deadLettered(1, 1), deferred(2, 1)));
    store.appendOutcomes(JOB, 0, List.of(accepted(1, 2), deadLettered(2, 1)));
    store.appendOutcomes(JOB, 0, List.of(deadLettered(1, 2)));
    store.appendOutcomes(JOB, 0, List.of());

    assertThat(keys(JOB.fileName() + "/outcome-000001/"))
        .hasSize(103)
        .allMatch(k -> k.matches(".*/outcome-000001/\\d{15}-\\d{12}-[0-9a-f]{16}\\.jsonl"));
    var log = store.outcomeLog(JOB, 0);
    assertThat(log.subList(0, 100))
        .extracting(ItemOutcome::attempt)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
    assertThat(log.subList(100, log.size()))
        .containsExactly(
            deadLettered(1, 1),
            deferred(2, 1),
            accepted(1, 2),
            deadLettered(2, 1),
            deadLettered(1, 2));
    assertThat(store.outcomes(JOB, null, -1, 10))
        .containsExactly(deferred(0, 100), accepted(1, 2), deadLettered(2, 1));
    assertThat(store.outcomeLog(JOB, 1)).isEmpty();
  }

  @Test
  void anOutcomeObjectThatDoesNotReadCostsOnlyItsOwnLines() throws IOException {
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(3), 10);
    store.appendOutcomes(JOB, 0, List.of(accepted(0, 1)));
    objects()
        .put(
            JOB.fileName() + "/outcome-000001/000000000000001-junk.jsonl",
            "{\"index\":1,\"to\":\"user1@exa".getBytes(StandardCharsets.UTF_8));
    store.appendOutcomes(JOB, 0, List.of(accepted(2, 1)));

    assertThat(store.outcomeLog(JOB, 0)).containsExactly(accepted(0, 1), accepted(2, 1));
  }

  @Test
  void aBatchIsStagedOnlyOnceItsManifestIsWrittenAfterItsChunks() throws Exception {
    var manifestWrite = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var gated =
        new Delegating(objects()) {
          @Override
          public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
            manifestWrite.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return super.putIfAbsent(key, bytes);
          }
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<BatchStore.Staged> staging =
          pool.submit(() -> BatchStore.on(gated).stage(JOB, TEMPLATE, recipients(25), 10));
      assertThat(manifestWrite.await(30, TimeUnit.SECONDS)).isTrue();

      assertThat(keys(JOB.fileName() + "/"))
          .as("every chunk before the manifest")
          .containsExactly(
              JOB.fileName() + "/chunk-000001.jsonl",
              JOB.fileName() + "/chunk-000002.jsonl",
              JOB.fileName() + "/chunk-000003.jsonl");
      assertThat(store().stagedBatches()).isEmpty();
      assertThatThrownBy(() -> store().manifest(JOB)).isInstanceOf(NoSuchFileException.class);

      release.countDown();
      assertThat(staging.get(30, TimeUnit.SECONDS).created()).isTrue();
      assertThat(store().stagedBatches()).extracting(StagedBatch::name).containsExactly(JOB);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void chunksLeftWithoutAManifestAreStagedOverByTheNextStager() throws IOException {
    objects()
        .put(
            JOB.fileName() + "/chunk-000001.jsonl",
            "not yet whole".getBytes(StandardCharsets.UTF_8));

    assertThat(store().stagedBatches()).isEmpty();
    var staged = store().stage(JOB, TEMPLATE, recipients(3), 10);

    assertThat(staged.created()).isTrue();
    assertThat(store().readChunk(JOB, 0)).hasSize(3);
  }

  @Test
  void aRefusedBatchLeavesNothingAndAFailedWriteTakesNoChunkFromAnotherStager() throws IOException {
    // item 25 has the wrong index: refused after two chunks were written
    var items = new java.util.ArrayList<BatchItem>();
    recipients(25).forEachRemaining(items::add);
    items.add(BatchItem.templated(99, "late@example.com", Map.of()));
    assertThatThrownBy(() -> store().stage(JOB, TEMPLATE, items.iterator(), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(keys("")).isEmpty();

    // the manifest write fails; another stager of the same request publishes the same keys
    // just after any check this one could make: nothing of its must be deleted
    var armed = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable otherStager =
        () -> {
          if (armed.getAndSet(false)) {
            try {
              BatchStore.on(objects()).stage(JOB, TEMPLATE, recipients(25), 10);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    var racing =
        new Delegating(objects()) {
          @Override
          public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
            armed.set(true);
            throw new IOException("bucket unreachable");
          }

          @Override
          public Optional<ObjectInfo> stat(String key) throws IOException {
            Optional<ObjectInfo> seen = super.stat(key);
            otherStager.run();
            return seen;
          }
        };
    assertThatThrownBy(() -> BatchStore.on(racing).stage(JOB, TEMPLATE, recipients(25), 10))
        .hasMessage("bucket unreachable");
    otherStager.run();
    assertThat(store().readChunk(JOB, 2)).as("the other stager's chunks").hasSize(5);
    assertThat(store().stagedBatches()).hasSize(1);
  }

  @Test
  void deleteRemovesEveryObjectOfTheBatchItsManifestLast() throws IOException {
    var other = new BatchName(new JobRef("job-2", "acme"), "cd".repeat(32));
    var deleted = new CopyOnWriteArrayList<String>();
    var watched =
        new Delegating(objects()) {
          @Override
          public void delete(String key) throws IOException {
            deleted.add(key);
            super.delete(key);
          }
        };
    var store = BatchStore.on(watched);
    store.stage(JOB, TEMPLATE, recipients(25), 10);
    store.stage(other, TEMPLATE, recipients(3), 10);
    store.appendOutcomes(JOB, 0, List.of(accepted(0, 1)));
    store.appendOutcomes(JOB, 0, List.of(accepted(1, 1)));
    store.appendOutcomes(JOB, 2, List.of(accepted(20, 1)));
    List<String> before = keys(JOB.fileName() + "/");

    store.delete(JOB);

    assertThat(before).hasSize(7);
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(before);
    assertThat(deleted.getLast()).isEqualTo(JOB.fileName() + "/manifest.json");
    assertThat(keys("")).allMatch(k -> k.startsWith(other.fileName() + "/")).hasSize(2);
    assertThat(dir.resolve(JOB.fileName())).doesNotExist();
  }

  @Test
  void isTheObjectStoresBatchesPartOnceABucketIsConfigured() {
    var config =
        new ObjectStoreConfig()
            .bucket("jobs")
            .endpoint("http://127.0.0.1:1")
            .credentials("key", "secret")
            .prefix("jobqueue/");

    assertThat(BatchStore.open(config, dir).describe())
        .isEqualTo("object store s3://jobs/jobqueue/batches/");
    assertThat(store().describe()).isEqualTo("object store " + dir.toAbsolutePath());
  }

  /** An object store that passes every call on, for a test to change one. */
  private static class Delegating extends ForwardingObjectStore {
    Delegating(ObjectStore store) {
      super(store);
    }
  }
}
