package dev.jobqueue.api.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.jobs.ReportFiles;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retention.SweepRequest;
import dev.jobqueue.store.BatchStore;
import dev.jobqueue.store.StagedBatch;
import dev.jobqueue.store.objects.DirectoryObjectStore;
import dev.jobqueue.store.objects.ObjectStore;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sweep on a real store, deciding by what Temporal's in-memory server says of each job. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SweepActivitiesImplTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final BatchStore STORE = new BatchStore(API.batchStore);
  private static final Duration GRACE = Duration.ofHours(1);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static BatchName stageAged(BatchName name) throws IOException {
    STORE.stage(
        name,
        new MessageTemplate(null, null, "Hi", "x", null, null),
        List.of(BatchItem.templated(0, "stray@example.com", Map.of())).iterator(),
        10);
    age(name);
    return name;
  }

  /** Makes the batch look staged two graces ago. */
  private static void age(BatchName name) throws IOException {
    Files.setLastModifiedTime(
        API.batchStore.resolve(name.fileName()).resolve("manifest.json"),
        FileTime.from(API.clock.instant().minus(GRACE.multipliedBy(2))));
  }

  @Test
  void removesTheBatchesAnOpenJobDoesNotReadAndKeepsItsOwn() throws IOException {
    String jobId =
        ACME.submitWithKey(
            """
            {"type": "email-batch", "payload": {"template": {"subject": "Hi {{name}}", "text": "x"},
             "recipients": [{"to": "ada@example.com", "vars": {"name": "Ada"}}]}}
            """,
            "sweep-open-job");
    var job = new JobRef(jobId, "acme");
    String hash =
        (String)
            API.client()
                .newUntypedWorkflowStub(job.workflowId())
                .describe()
                .getMemo(JobMemo.BATCH_CONTENT, String.class);
    var own = new BatchName(job, hash);
    age(own);
    // left by requests under the same key that did not start the job, long ago
    var refused = stageAged(new BatchName(job, "0f".repeat(32)));
    var unhashed = stageAged(BatchName.unhashed(job));
    var neverStarted = stageAged(BatchName.unhashed(new JobRef("never-started", "acme")));
    var sweep =
        new SweepActivitiesImpl(
            STORE,
            new ReportFiles(API.reportStore),
            new RetentionSweep(
                batch -> SweepActivitiesImpl.lookup(API.client(), batch),
                API.clock,
                GRACE,
                Duration.ofDays(30)));

    var result = sweep.sweep(new SweepRequest("test"));

    assertThat(result.batches()).isEqualTo(3);
    assertThat(STORE.stagedBatches()).extracting(StagedBatch::name).containsExactly(own);
    assertThat(List.of(refused, unhashed, neverStarted))
        .allSatisfy(b -> assertThat(API.batchStore.resolve(b.fileName())).doesNotExist());
  }

  @Test
  void removesReportObjectsAndStalePartsPastTheRetentionAndKeepsTheRest(@TempDir Path bucket)
      throws IOException {
    ObjectStore objects = new DirectoryObjectStore(bucket);
    var now = API.clock.instant();
    var old = FileTime.from(now.minus(Duration.ofDays(40)));
    var recent = FileTime.from(now.minus(Duration.ofHours(1)));
    Map<String, FileTime> written = new java.util.LinkedHashMap<>();
    written.put("acme_old.pdf", old);
    written.put("acme_new.pdf", recent);
    written.put("parts/acme_stale/part-000001.pdf", old);
    written.put("parts/acme_stale/part-000002.pdf", old);
    // a render still writing: its early parts are as old as any, its last one is not
    written.put("parts/acme_rendering/part-000001.pdf", old);
    written.put("parts/acme_rendering/part-000002.pdf", recent);
    for (var object : written.entrySet()) {
      objects.put(object.getKey(), new byte[] {1});
      Files.setLastModifiedTime(bucket.resolve(object.getKey()), object.getValue());
    }
    var sweep =
        new SweepActivitiesImpl(
            STORE,
            new ReportFiles(objects, Duration.ofMinutes(15)),
            new RetentionSweep(
                batch -> SweepActivitiesImpl.lookup(API.client(), batch),
                API.clock,
                GRACE,
                Duration.ofDays(30)));

    var result = sweep.sweep(new SweepRequest("test"));

    assertThat(result.reports()).isEqualTo(2);
    assertThat(objects.list("").stream().map(ObjectStore.ObjectInfo::key))
        .containsExactly(
            "acme_new.pdf",
            "parts/acme_rendering/part-000001.pdf",
            "parts/acme_rendering/part-000002.pdf");
  }

  @Test
  void removesReportFilesAndStalePartsPastTheRetentionFromTheDirectory(@TempDir Path dir)
      throws IOException {
    var now = API.clock.instant();
    var old = FileTime.from(now.minus(Duration.ofDays(40)));
    var recent = FileTime.from(now.minus(Duration.ofHours(1)));
    Files.createDirectories(dir.resolve(".parts/acme_stale"));
    Files.createDirectories(dir.resolve(".parts/acme_rendering"));
    Files.write(dir.resolve(".parts/acme_stale/part-000001.pdf"), new byte[] {1});
    for (String name : List.of("acme_old.pdf", "acme_new.pdf")) {
      Files.write(dir.resolve(name), new byte[] {1});
    }
    Files.setLastModifiedTime(dir.resolve("acme_old.pdf"), old);
    Files.setLastModifiedTime(dir.resolve("acme_new.pdf"), recent);
    Files.setLastModifiedTime(dir.resolve(".parts/acme_stale"), old);
    Files.setLastModifiedTime(dir.resolve(".parts/acme_rendering"), recent);
    var sweep =
        new SweepActivitiesImpl(
            STORE,
            new ReportFiles(dir),
            new RetentionSweep(
                batch -> SweepActivitiesImpl.lookup(API.client(), batch),
                API.clock,
                GRACE,
                Duration.ofDays(30)));

    var result = sweep.sweep(new SweepRequest("test"));

    assertThat(result.reports()).isEqualTo(2);
    assertThat(dir.resolve("acme_old.pdf")).doesNotExist();
    assertThat(dir.resolve(".parts/acme_stale")).doesNotExist();
    assertThat(dir.resolve("acme_new.pdf")).exists();
    assertThat(dir.resolve(".parts/acme_rendering")).exists();
  }
}
