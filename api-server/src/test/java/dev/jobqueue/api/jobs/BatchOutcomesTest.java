package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the API reads of a batch's outcomes, from a store as the email fleet writes it. */
class BatchOutcomesTest {
  private static final JobRef JOB = new JobRef("batch-1", "acme");
  private static final BatchName BATCH = new BatchName(JOB, "12".repeat(32));
  private static final String AT = "2026-03-01T10:00:00Z";

  @TempDir Path dir;
  private BatchStore store;
  private BatchOutcomes outcomes;

  @BeforeEach
  void stage() throws Exception {
    store = new BatchStore(dir);
    var items =
        IntStream.range(0, 3)
            .mapToObj(i -> BatchItem.templated(i, "user" + i + "@example.com", Map.of()))
            .iterator();
    store.stage(BATCH, new MessageTemplate(null, null, "Hi", "Hello", null, null), items, 10);
    store.appendOutcomes(
        BATCH,
        0,
        List.of(
            new ItemOutcome(0, "user0@example.com", "accepted", 250, "250 ok", AT, null, 1, 1),
            new ItemOutcome(
                1,
                "user1@example.com",
                ItemOutcome.DEFERRED,
                451,
                "451 4.3.0 try later (end of DATA)",
                AT,
                "SmtpTransient",
                1,
                1,
                "2026-03-01T10:00:01Z",
                AT)));
    outcomes = new BatchOutcomes(store);
  }

  @Test
  void aDeferredItemIsNotDoneYet() {
    assertThat(outcomes.progress(BATCH)).isEqualTo(new Progress(1, 3));
  }

  @Test
  void listsDeferredItemsWithTheRelaysLastReply() {
    BatchItemPage page =
        outcomes.page(BatchItemQuery.parse(JOB, ItemOutcome.DEFERRED, null, null), BATCH);

    assertThat(page.items())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.index()).isEqualTo(1);
              assertThat(item.status()).isEqualTo("deferred");
              assertThat(item.code()).isEqualTo(451);
              assertThat(item.message()).isEqualTo("451 4.3.0 try later (end of DATA)");
              assertThat(item.errorType()).isEqualTo("SmtpTransient");
            });
    assertThat(outcomes.page(BatchItemQuery.parse(JOB, "pending", null, null), BATCH).items())
        .extracting(BatchItemView::index)
        .containsExactly(2);
  }
}
