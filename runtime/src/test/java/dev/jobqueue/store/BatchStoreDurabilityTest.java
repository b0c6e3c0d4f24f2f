package dev.jobqueue.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.JobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renames and new files are made durable by syncing their directory, after they happen. */
class BatchStoreDurabilityTest {
  private static final BatchName JOB = new BatchName(new JobRef("job-1", "acme"), "ef".repeat(32));
  private static final MessageTemplate TEMPLATE =
      new MessageTemplate(null, null, "Hello {{name}}", "Hi {{name}}", null, null);

  @TempDir Path dir;

  /** Each directory synced, and whether the batch was under its final name at that moment. */
  private record Synced(Path dir, boolean published) {}

  private final List<Synced> synced = new ArrayList<>();

  private BatchStore store() {
    return new BatchStore(
        dir,
        d -> {
          synced.add(new Synced(d, Files.exists(dir.resolve(JOB.fileName()))));
          DirSync.FSYNC.sync(d);
        });
  }

  private static List<BatchItem> recipients(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> BatchItem.templated(i, "user" + i + "@example.com", Map.of()))
        .toList();
  }

  private static ItemOutcome accepted(int index) {
    return new ItemOutcome(
        index, "user" + index + "@example.com", ItemOutcome.ACCEPTED, 250, "ok", "t", null, 1);
  }

  @Test
  void syncsTheStoreDirectoryAfterPublishingABatch() throws IOException {
    store().stage(JOB, TEMPLATE, recipients(3).iterator(), 2);

    assertThat(synced).hasSize(2);
    assertThat(synced.get(0).dir().getFileName().toString()).startsWith(".staging-");
    assertThat(synced.get(0).published()).isFalse();
    assertThat(synced.get(1)).isEqualTo(new Synced(dir, true));
  }

  @Test
  void syncsTheBatchDirectoryWhenAnOutcomeFileIsCreatedOnly() throws IOException {
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(3).iterator(), 2);
    synced.clear();

    store.appendOutcomes(JOB, 0, List.of(accepted(0)));
    store.appendOutcomes(JOB, 0, List.of(accepted(1)));
    store.appendOutcomes(JOB, 1, List.of(accepted(2)));

    Path batch = dir.resolve(JOB.fileName());
    assertThat(synced).extracting(Synced::dir).containsExactly(batch, batch);
    assertThat(store.outcomeLog(JOB, 0)).containsExactly(accepted(0), accepted(1));
  }

  @Test
  void aBatchWhosePublicationCannotBeSyncedIsNotStaged() {
    var store =
        new BatchStore(
            dir,
            d -> {
              if (d.equals(dir)) {
                throw new IOException("sync failed");
              }
            });

    assertThatThrownBy(() -> store.stage(JOB, TEMPLATE, recipients(3).iterator(), 2))
        .isInstanceOf(IOException.class)
        .hasMessage("sync failed");
  }

  @Test
  void theRealSyncWorksOnADirectory() throws IOException {
    DirSync.FSYNC.sync(dir);
  }
}
