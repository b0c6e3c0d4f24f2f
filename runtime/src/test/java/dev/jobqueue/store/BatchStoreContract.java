package dev.jobqueue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchLimits;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.job.JobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every batch store does, whichever backend holds it: {@link BatchStoreTest} runs it on a
 * directory, {@link ObjectBatchStoreTest} on an object store (itself in a directory, so that both
 * leave the same files to look at).
 */
abstract class BatchStoreContract {
  static final JobRef JOB_REF = new JobRef("job/1", "acme");
  static final String HASH = "ab".repeat(32);
  static final BatchName JOB = new BatchName(JOB_REF, HASH);
  static final MessageTemplate TEMPLATE =
      new MessageTemplate(null, null, "Hello {{name}}", "Hi {{name}}", null, null);

  @TempDir Path dir;

  /** A store on {@link #dir}; every call's store sees the same batches. */
  abstract BatchStore store();

  static Iterator<BatchItem> recipients(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> BatchItem.templated(i, "user" + i + "@example.org", Map.of("name", "User " + i)))
        .iterator();
  }

  private List<String> filesOf(BatchName batch) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(batch.fileName()))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void listsEachStagedBatchWithItsNameAndWhenItWasStaged() throws IOException {
    var other = new BatchName(new JobRef("job-2", "globex"), "cd".repeat(32));
    var unhashed = BatchName.unhashed(new JobRef("job-3", "acme"));
    store().stage(JOB, TEMPLATE, recipients(3), 2);
    store().stage(other, TEMPLATE, recipients(1), 2);
    store().stage(unhashed, TEMPLATE, recipients(1), 2);
    Files.createDirectories(dir.resolve(".staging-interrupted"));
    Files.createDirectories(dir.resolve("not-a-batch"));

    var staged = store().stagedBatches();

    assertThat(staged)
        .extracting(StagedBatch::name)
        .containsExactlyInAnyOrder(JOB, other, unhashed);
    assertThat(staged).allSatisfy(b -> assertThat(b.stagedAt()).isAfter(java.time.Instant.EPOCH));
    store().delete(JOB);
    assertThat(store().stagedBatches())
        .extracting(StagedBatch::name)
        .containsExactlyInAnyOrder(other, unhashed);
  }

  @Test
  void stagesChunksOfAtMostChunkSizeBesideAManifest() throws IOException {
    BatchManifest manifest = store().stage(JOB, TEMPLATE, recipients(2_500), 1_000).manifest();

    assertThat(manifest).isEqualTo(new BatchManifest(JOB_REF, 2_500, 1_000, 3, TEMPLATE, HASH));
    assertThat(manifest.name()).isEqualTo(JOB);
    assertThat(store().manifest(JOB)).isEqualTo(manifest);
    assertThat(filesOf(JOB))
        .containsExactly(
            "chunk-000001.jsonl", "chunk-000002.jsonl", "chunk-000003.jsonl", "manifest.json");
    Path batch = dir.resolve(JOB_REF.fileStem() + "_" + HASH);
    assertThat(Files.readAllLines(batch.resolve("chunk-000001.jsonl"))).hasSize(1_000);
    assertThat(Files.readAllLines(batch.resolve("chunk-000003.jsonl"))).hasSize(500);
    List<BatchItem> last = store().readChunk(JOB, 2);
    assertThat(last)
        .extracting(BatchItem::index)
        .containsExactlyElementsOf(IntStream.range(2_000, 2_500).boxed().toList());
    assertThat(last.getFirst())
        .isEqualTo(BatchItem.templated(2_000, "user2000@example.org", Map.of("name", "User 2000")));
    try (Stream<Path> top = Files.list(dir)) {
      assertThat(top).as("no staging leftovers").containsExactly(batch);
    }
  }

  @Test
  void stagesDistinctMessages() throws IOException {
    var message = EmailMessage.text(List.of("a@example.org", "b@example.org"), "Hi", "Body");
    store().stage(JOB, null, List.of(BatchItem.distinct(0, message)).iterator(), 10);

    assertThat(store().readChunk(JOB, 0))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.message()).isEqualTo(message);
              assertThat(item.recipient()).isEqualTo("a@example.org");
            });
  }

  @Test
  void stagingANameAgainKeepsTheFirstBatch() throws IOException {
    var first = store().stage(JOB, TEMPLATE, recipients(5), 2);

    var again = store().stage(JOB, TEMPLATE, recipients(9), 2);

    assertThat(first.created()).isTrue();
    assertThat(again.created()).as("staged by an earlier request").isFalse();
    assertThat(again.manifest()).isEqualTo(first.manifest());
    assertThat(store().readChunk(JOB, 2)).hasSize(1);
  }

  @Test
  void batchesOfOneJobUnderOtherHashesStageApartAndGoOneByOne() throws IOException {
    var theirs = new BatchName(JOB_REF, "cd".repeat(32));
    store().stage(JOB, TEMPLATE, recipients(5), 2);

    var staged = store().stage(theirs, TEMPLATE, recipients(3), 2);

    assertThat(staged.created()).isTrue();
    assertThat(store().manifest(JOB).items()).isEqualTo(5);
    assertThat(store().manifest(theirs).items()).isEqualTo(3);
    store().delete(theirs);
    assertThat(store().readChunk(JOB, 2)).hasSize(1);
    assertThatThrownBy(() -> store().manifest(theirs)).isInstanceOf(IOException.class);
  }

  @Test
  void readsABatchStagedUnderTheJobsStemAloneAsBeforeNamesHadAHash() throws IOException {
    var unhashed = BatchName.unhashed(JOB_REF);
    store().stage(unhashed, TEMPLATE, recipients(3), 2);

    assertThat(dir.resolve(JOB_REF.fileStem()).resolve("manifest.json")).exists();
    assertThat(store().manifest(unhashed).name()).isEqualTo(unhashed);
    assertThat(store().readChunk(unhashed, 1)).extracting(BatchItem::index).containsExactly(2);
    assertThatThrownBy(() -> store().manifest(JOB)).isInstanceOf(IOException.class);
  }

  @Test
  void refusesBatchesBeyondTheLimitsAndLeavesNothingBehind() throws IOException {
    var message = EmailMessage.text(List.of("a@example.org"), "Hi", "Body");
    Iterator<BatchItem> tooManyDistinct =
        IntStream.range(0, BatchLimits.MAX_DISTINCT_ITEMS + 1)
            .mapToObj(i -> BatchItem.distinct(i, message))
            .iterator();

    assertThatThrownBy(() -> store().stage(JOB, null, tooManyDistinct, 1_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 10000 distinct messages");
    assertThatThrownBy(
            () ->
                store()
                    .stage(JOB, TEMPLATE, recipients(BatchLimits.MAX_TEMPLATED_ITEMS + 1), 1_000))
        .hasMessageContaining("at most 100000 recipients");
    assertThatThrownBy(
            () -> store().stage(JOB, TEMPLATE, recipients(BatchLimits.MAX_CHUNKS + 1), 1))
        .hasMessageContaining("raise chunkSize");
    assertThatThrownBy(() -> store().stage(JOB, TEMPLATE, recipients(0), 10))
        .hasMessageContaining("at least one item");
    assertThatThrownBy(() -> store().stage(JOB, TEMPLATE, recipients(10), 0))
        .hasMessageContaining("chunkSize");
    try (Stream<Path> top = Files.list(dir)) {
      assertThat(top).isEmpty();
    }
  }

  @Test
  void refusesItemsThatDoNotFitTheMode() {
    var message = EmailMessage.text(List.of("a@example.org"), "Hi", "Body");

    assertThatThrownBy(
            () ->
                store()
                    .stage(JOB, TEMPLATE, List.of(BatchItem.distinct(0, message)).iterator(), 10))
        .hasMessageContaining("item 0");
    assertThatThrownBy(() -> store().stage(JOB, null, recipients(1), 10))
        .hasMessageContaining("item 0");
    assertThatThrownBy(
            () ->
                store()
                    .stage(
                        JOB,
                        TEMPLATE,
                        List.of(BatchItem.templated(3, "a@example.org", null)).iterator(),
                        10))
        .hasMessageContaining("has index 3");
  }

  static ItemOutcome accepted(int index, int pass) {
    return new ItemOutcome(
        index,
        "user" + index + "@example.org",
        ItemOutcome.ACCEPTED,
        250,
        "250 queued",
        "2026-01-01T00:00:00Z",
        null,
        pass);
  }

  static ItemOutcome deadLettered(int index, int pass) {
    return new ItemOutcome(
        index,
        "user" + index + "@example.org",
        ItemOutcome.DEAD_LETTERED,
        550,
        "550 no such user",
        "2026-01-01T00:00:00Z",
        "SmtpRejected",
        pass);
  }

  @Test
  void pagesOutcomesInIndexOrderReportingUnfinishedItemsAsPending() throws IOException {
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(25), 10);
    store.appendOutcomes(JOB, 0, List.of(accepted(1, 1), deadLettered(4, 1), accepted(0, 1)));
    store.appendOutcomes(JOB, 2, List.of(deadLettered(22, 1)));

    var all = new ArrayList<ItemOutcome>();
    int after = -1;
    for (List<ItemOutcome> page;
        !(page = store.outcomes(JOB, null, after, 7)).isEmpty();
        after = page.getLast().index()) {
      assertThat(page.size()).isLessThanOrEqualTo(7);
      all.addAll(page);
    }

    assertThat(all)
        .extracting(ItemOutcome::index)
        .containsExactlyElementsOf(IntStream.range(0, 25).boxed().toList());
    assertThat(all.get(0)).isEqualTo(accepted(0, 1));
    assertThat(all.get(4)).isEqualTo(deadLettered(4, 1));
    assertThat(all.get(5)).isEqualTo(ItemOutcome.pending(5, "user5@example.org"));
    assertThat(store.outcomes(JOB, ItemOutcome.DEAD_LETTERED, -1, 10))
        .extracting(ItemOutcome::index)
        .containsExactly(4, 22);
    assertThat(store.outcomes(JOB, ItemOutcome.DEAD_LETTERED, 4, 10))
        .extracting(ItemOutcome::index)
        .containsExactly(22);
    assertThat(store.outcomes(JOB, ItemOutcome.PENDING, 15, 3))
        .extracting(ItemOutcome::index)
        .containsExactly(16, 17, 18);
    assertThat(store.outcomes(JOB, ItemOutcome.ACCEPTED, -1, 10))
        .extracting(ItemOutcome::index)
        .containsExactly(0, 1);
    assertThatThrownBy(() -> store.outcomes(JOB, "failed", -1, 10))
        .hasMessageContaining("unknown item status");
  }

  @Test
  void aLaterOutcomeWinsButAnAcceptanceIsFinal() throws IOException {
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(3), 10);
    store.appendOutcomes(JOB, 0, List.of(deadLettered(0, 1), accepted(1, 1)));
    store.appendOutcomes(JOB, 0, List.of(accepted(0, 2), deadLettered(1, 2)));

    assertThat(store.outcomes(JOB, null, -1, 10))
        .containsExactly(
            accepted(0, 2), accepted(1, 1), ItemOutcome.pending(2, "user2@example.org"));
  }

  @Test
  void settlesAcceptedItemsForGoodAndDeadLettersOnlyForTheirPass() {
    assertThat(accepted(0, 1).settles(1)).isTrue();
    assertThat(accepted(0, 1).settles(2)).isTrue();
    assertThat(deadLettered(0, 1).settles(1)).isTrue();
    assertThat(deadLettered(0, 1).settles(2)).as("a redrive tries it again").isFalse();
  }

  @Test
  void keepsJobsOfDifferentTenantsApartAndDeletesOne() throws IOException {
    var other = new BatchName(new JobRef("job/1", "acme2"), HASH);
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(2), 10);
    store.stage(other, TEMPLATE, recipients(4), 10);
    store.appendOutcomes(JOB, 0, List.of(accepted(0, 1)));

    store.delete(JOB);

    assertThat(Files.exists(dir.resolve(JOB.fileName()))).isFalse();
    assertThat(store.readChunk(other, 0)).hasSize(4);
    assertThat(JOB.fileName()).isNotEqualTo(other.fileName()).doesNotContain("/");
  }
}
