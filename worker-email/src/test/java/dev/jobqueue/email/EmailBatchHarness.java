package dev.jobqueue.email;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchManifest;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;

/**
 * The chunk activity inside Temporal's activity test environment, one attempt per call, against a
 * relay on {@code localhost:port}, with a batch store in a test's directory.
 */
final class EmailBatchHarness implements AutoCloseable {
  static final MessageTemplate TEMPLATE =
      new MessageTemplate(
          null, null, "Hello {{name}}", "Hi {{name}}, your code is {{code}}.", null, null);

  final BatchStore store;
  final SmtpConfig config;
  final SmtpTransportPool pool;

  EmailBatchHarness(Path storeDir, int port, int poolSize) {
    this.store = new BatchStore(storeDir);
    this.config = ActivityHarness.config(port).withPoolSize(poolSize);
    this.pool = new SmtpTransportPool(config);
  }

  /**
   * An attempt of the activity in an environment of its own, heartbeating every 20 ms; never the
   * last attempt for a request with a budget above 1 (the test environment numbers every attempt 0
   * or 1).
   */
  Attempt attempt(ChunkPass.Gate gate) {
    return new Attempt(activities(gate));
  }

  EmailBatchActivitiesImpl activities(ChunkPass.Gate gate) {
    return activities(gate, Duration.ofMillis(20));
  }

  EmailBatchActivitiesImpl activities(ChunkPass.Gate gate, Duration heartbeatEvery) {
    return activities(gate, heartbeatEvery, new Random(7)::nextDouble);
  }

  /** With {@code random} spreading each deferred item's next attempt. */
  EmailBatchActivitiesImpl activities(
      ChunkPass.Gate gate, Duration heartbeatEvery, DoubleSupplier random) {
    return activities(gate, heartbeatEvery, random, Clock.systemUTC());
  }

  /** On {@code clock}: one set ahead stands for the time an attempt already spent. */
  EmailBatchActivitiesImpl activities(
      ChunkPass.Gate gate, Duration heartbeatEvery, DoubleSupplier random, Clock clock) {
    return new EmailBatchActivitiesImpl(
        store, config, pool, clock, heartbeatEvery, gate, random, TimeLeft.DEFAULT_MINIMUM);
  }

  /** One attempt whose activity runs on {@code clock}. */
  Attempt attempt(Clock clock) {
    return new Attempt(activities(ChunkPass.Gate.OPEN, Duration.ofMillis(20), () -> 0.5, clock));
  }

  Attempt attempt() {
    return attempt(ChunkPass.Gate.OPEN);
  }

  static final class Attempt implements AutoCloseable {
    final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    final EmailBatchActivities stub;

    private Attempt(EmailBatchActivitiesImpl activities) {
      env.registerActivitiesImplementations(activities);
      stub =
          env.newActivityStub(
              EmailBatchActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  // short, so that a requested cancellation reaches the activity within a second
                  .setHeartbeatTimeout(Duration.ofSeconds(1))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
    }

    @Override
    public void close() {
      env.close();
    }
  }

  /**
   * The name a batch of {@code job} is staged under here: a hash of its own, as the API names a
   * batch by its request's.
   */
  static BatchName hashed(JobRef job) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(job.workflowId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new BatchName(job, java.util.HexFormat.of().formatHex(digest));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Recipients {@code <localPart(i)>@example.org}, each with its own vars, under a hashed name. */
  BatchManifest stage(JobRef job, List<String> localParts, int chunkSize) {
    return stage(hashed(job), localParts, chunkSize);
  }

  /** Recipients {@code <localPart(i)>@example.org}, each with its own vars, under {@code name}. */
  BatchManifest stage(BatchName name, List<String> localParts, int chunkSize) {
    var items =
        IntStream.range(0, localParts.size())
            .mapToObj(
                i ->
                    BatchItem.templated(
                        i,
                        localParts.get(i) + "@example.org",
                        Map.of("name", "R" + i, "code", "c" + i)))
            .iterator();
    try {
      return store.stage(name, TEMPLATE, items, chunkSize).manifest();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<ItemOutcome> outcomes(JobRef job) {
    return outcomes(hashed(job));
  }

  List<ItemOutcome> outcomes(BatchName name) {
    try {
      var all = new ArrayList<ItemOutcome>();
      int after = -1;
      for (List<ItemOutcome> page;
          !(page = store.outcomes(name, null, after, 100)).isEmpty();
          after = page.getLast().index()) {
        all.addAll(page);
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> localParts(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  @Override
  public void close() {
    pool.close();
  }
}
