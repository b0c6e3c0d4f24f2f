package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.ClusterServer;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Temporal cluster failing under steady email traffic: Temporal Server killed -9 and restarted,
 * then PostgreSQL stopped and started under it. Every email the API acknowledged reaches the SMTP
 * server; while Temporal cannot take work the API pushes back with 503 and a Retry-After, never a
 * 500.
 */
@OnTemporalCluster
class ClusterFaultEndToEndTest {
  @TempDir static Path work;
  static RecordingSmtpServer smtp;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack(TestInfo test) throws Exception {
    smtp = new RecordingSmtpServer();
    stack = Harness.stack(test, work).smtpPort(smtp.port()).start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
    if (smtp != null) {
      smtp.close();
    }
  }

  @Test
  void everyAcknowledgedEmailArrivesThroughAServerCrashAndADatabaseRestart() throws Exception {
    var cluster = (ClusterServer) stack.temporal();
    var traffic = new Traffic(api, stack.tenant()).start();
    try {
      awaitProgress(traffic, "mail flowing");

      long pushedBack = traffic.answers(503);
      cluster.kill();
      await("the API answers 503 while Temporal Server is down")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> traffic.answers(503) > pushedBack);
      cluster.restart();
      awaitProgress(traffic, "mail flowing after Temporal Server's restart");

      long pushedBackBefore = traffic.answers(503);
      cluster.stopPostgres();
      await("the API answers 503 while PostgreSQL is down")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> traffic.answers(503) > pushedBackBefore);
      cluster.startPostgres();
      awaitProgress(traffic, "mail flowing after PostgreSQL's restart");
    } finally {
      traffic.stop();
    }

    assertThat(traffic.unexpected())
        .as("answers other than 200, 202 and a 503 with Retry-After (a 500 is not a pushback)")
        .isEmpty();
    Map<String, String> owed = traffic.acknowledged();
    await("every acknowledged email at the SMTP server (" + owed.size() + ")")
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        owed.entrySet().stream()
                            .filter(e -> !smtp.messageIds().containsKey(e.getValue()))
                            .map(Map.Entry::getKey)
                            .toList())
                    .as("acknowledged jobs whose Message-ID has not reached the SMTP server")
                    .isEmpty());
    System.out.printf(
        "cluster faults: acknowledged %d, answered 503 %d times, unanswered %d%n",
        owed.size(), traffic.answers(503), traffic.unanswered());
  }

  /** Waits until more emails are acknowledged and more delivered than now. */
  private static void awaitProgress(Traffic traffic, String what) {
    int acknowledged = traffic.acknowledged().size();
    int delivered = smtp.messageIds().size();
    await(what)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                traffic.acknowledged().size() > acknowledged
                    && smtp.messageIds().size() > delivered);
  }

  /**
   * One email every {@link #PACE_MS} ms, each to its own recipient, as a client that does not
   * retry: a job is owed once the API acknowledged it (200 or 202), by its Message-ID.
   */
  private static final class Traffic {
    private static final long PACE_MS = 100;

    private final ApiClient api;
    private final String tenant;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicLong unanswered = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(32);
    private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean stopped;
    private Thread pacer;

    Traffic(ApiClient api, String tenant) {
      this.api = api;
      this.tenant = tenant;
    }

    Traffic start() {
      pacer = Thread.ofPlatform().name("fault-traffic").daemon().start(this::run);
      return this;
    }

    private void run() {
      try {
        for (int n = 0; !stopped; n++) {
          inFlight.acquire();
          int turn = n;
          requests.execute(
              () -> {
                try {
                  submit(turn);
                } finally {
                  inFlight.release();
                }
              });
          Thread.sleep(PACE_MS); // the load's pace, not a wait for a condition
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void submit(int turn) {
      String body =
          "{\"type\":\"email\",\"payload\":{\"to\":[\"fault-%d@example.com\"],\"subject\":\"Receipt\",\"text\":\"Thanks\"}}"
              .formatted(turn);
      ApiClient.Response answer;
      try {
        answer = api.post("/v1/jobs", body);
      } catch (Exception e) {
        unanswered.incrementAndGet(); // no answer is no acknowledgement: the job is not owed
        return;
      }
      int status = answer.status();
      answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
      if (status == 200 || status == 202) {
        String jobId = answer.json().path("jobId").asText();
        acknowledged.put(jobId, ChaosEndToEndTest.messageId(tenant, jobId));
      } else if (status != 503 || answer.headers().firstValue("Retry-After").isEmpty()) {
        unexpected.add(status + " " + answer.headers().map() + " " + answer.text());
      }
    }

    void stop() throws InterruptedException {
      stopped = true;
      pacer.join(TimeUnit.MINUTES.toMillis(1));
      requests.shutdown();
      if (!requests.awaitTermination(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("requests to the API still unanswered after 5 min");
      }
    }

    /** Job id → Message-ID of every email the API acknowledged. */
    Map<String, String> acknowledged() {
      return Map.copyOf(acknowledged);
    }

    long answers(int status) {
      var count = answers.get(status);
      return count == null ? 0 : count.get();
    }

    List<String> unexpected() {
      return List.copyOf(unexpected);
    }

    long unanswered() {
      return unanswered.get();
    }
  }
}
