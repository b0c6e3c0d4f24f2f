package dev.jobqueue.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.store.objects.ObjectStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch store in a directory, its outcomes appended to one file per chunk. */
class BatchStoreTest extends BatchStoreContract {
  @Override
  BatchStore store() {
    return new BatchStore(dir);
  }

  @Test
  void aLineCutShortByACrashCostsOnlyItsOwnItem() throws IOException {
    var store = store();
    store.stage(JOB, TEMPLATE, recipients(3), 10);
    store.appendOutcomes(JOB, 0, List.of(accepted(0, 1)));
    Path outcomes = dir.resolve(JOB.fileName()).resolve("outcome-000001.jsonl");
    Files.writeString(
        outcomes,
        "{\"index\":1,\"to\":\"user1@exa",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    store.appendOutcomes(JOB, 0, List.of(accepted(2, 1)));

    assertThat(store.outcomeLog(JOB, 0)).containsExactly(accepted(0, 1), accepted(2, 1));
    assertThat(store.outcomes(JOB, ItemOutcome.PENDING, -1, 10))
        .extracting(ItemOutcome::index)
        .containsExactly(1);
  }

  @Test
  void isADirectoryWhileNoBucketIsConfigured() {
    assertThat(BatchStore.open(new ObjectStoreConfig(), dir).describe())
        .isEqualTo("directory " + dir.toAbsolutePath());
  }
}
