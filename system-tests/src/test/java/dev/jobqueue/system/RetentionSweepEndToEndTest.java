package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention sweep on the real dev server: the schedule the API creates at startup, triggered
 * instead of awaited, removes what no job needs and leaves an open job's files alone.
 */
class RetentionSweepEndToEndTest {
  /** The API's schedule id ({@code RetentionSchedule.ID}). */
  private static final String SCHEDULE = "jobqueue-retention-sweep";

  private static final FileTime LONG_AGO = FileTime.from(Instant.now().minus(Duration.ofDays(60)));

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    // a day between sweeps: the test's trigger is the only run it sees
    stack = Harness.stack(work).env(Map.of("RETENTION_SWEEP_INTERVAL", "PT24H")).start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  private static void ageTree(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, LONG_AGO);
      }
    }
  }

  @Test
  void aTriggeredSweepRemovesAStaleBatchAndAnExpiredReportButNotAnOpenJobsBatch() throws Exception {
    // a batch staged for a job that never started (its submission died before the start), under
    // the job's stem alone as the API staged batches before they were named by content
    Path orphan = stack.batchDir().resolve(new JobRef("never-started", stack.tenant()).fileStem());
    Files.createDirectories(orphan);
    Files.writeString(
        orphan.resolve("manifest.json"),
        "{\"job\":{\"jobId\":\"never-started\",\"tenant\":\""
            + stack.tenant()
            + "\"},\"items\":1,\"chunkSize\":1,\"chunks\":1}");
    Files.writeString(
        orphan.resolve("chunk-000001.jsonl"), "{\"index\":0,\"to\":\"a@example.com\"}\n");
    ageTree(orphan);

    // an open job's batch: scheduled for next year, staged now, made to look as old
    var scheduled =
        api.post(
            "/v1/jobs",
            "{\"type\":\"email-batch\",\"runAt\":\""
                + Instant.now().plus(Duration.ofDays(300))
                + "\",\"payload\":{\"template\":{\"subject\":\"Hi {{name}}\",\"text\":\"Dear"
                + " {{name}}\"},\"recipients\":[{\"to\":\"ada@example.com\",\"vars\":{\"name\":\"Ada\"}}]}}");
    assertThat(scheduled.status()).as("%s", scheduled.json()).isEqualTo(202);
    String jobId = scheduled.json().path("jobId").asText();
    String stem = new JobRef(jobId, stack.tenant()).fileStem();
    Path open;
    try (var batches = Files.list(stack.batchDir())) {
      open =
          batches
              .filter(b -> b.getFileName().toString().startsWith(stem + "_"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(open).isDirectory();
    ageTree(open);
    // another request's batch under the open job's id (its start refused, its batch left behind
    // by a crash): no job reads it
    String otherHash = "0f".repeat(32);
    Path refused = stack.batchDir().resolve(stem + "_" + otherHash);
    Files.createDirectories(refused);
    Files.writeString(
        refused.resolve("manifest.json"),
        "{\"job\":{\"jobId\":\""
            + jobId
            + "\",\"tenant\":\""
            + stack.tenant()
            + "\"},\"items\":1,\"chunkSize\":1,\"chunks\":1,\"contentHash\":\""
            + otherHash
            + "\"}");
    ageTree(refused);

    Files.createDirectories(stack.reportDir());
    Path expired = stack.reportDir().resolve("expired-report.pdf");
    Files.writeString(expired, "%PDF-1.7 old");
    Files.setLastModifiedTime(expired, LONG_AGO);
    Path fresh = stack.reportDir().resolve("fresh-report.pdf");
    Files.writeString(fresh, "%PDF-1.7 new");

    var schedules =
        ScheduleClient.newInstance(
            stack.temporal().stubs(),
            ScheduleClientOptions.newBuilder().setNamespace(stack.temporal().namespace()).build());
    ScheduleHandle handle =
        await("the API created the sweep's schedule")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .until(
                () -> {
                  var h = schedules.getHandle(SCHEDULE);
                  h.describe();
                  return h;
                },
                h -> h != null);
    handle.trigger();

    await("stale batch and expired report removed")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> !Files.exists(orphan) && !Files.exists(refused) && !Files.exists(expired));
    // the sweep that removed those has decided on every file: the rest stays
    assertThat(open.resolve("manifest.json")).exists();
    assertThat(fresh).exists();
    assertThat(api.status(jobId)).isEqualTo("SCHEDULED");
  }
}
