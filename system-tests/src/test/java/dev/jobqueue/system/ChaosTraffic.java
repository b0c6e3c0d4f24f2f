package dev.jobqueue.system;

import dev.jobqueue.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mail submitted all along, as a client that does not retry would: a single email every {@link
 * #PACE_MS} ms (every {@link #REFUSED_EVERY}th to a recipient the relay refuses for good), and an
 * email batch of {@link #BATCH_SIZE} every {@link #BATCH_EVERY}th turn. Every answer is counted by
 * status; a job is owed only once the API acknowledged it (200 or 202), with the Message-IDs of its
 * emails.
 */
final class ChaosTraffic {
  private static final long PACE_MS = 125;
  private static final int REFUSED_EVERY = 40;
  private static final int BATCH_EVERY = 16;
  private static final int BATCH_SIZE = 10;

  /**
   * A job the API acknowledged.
   *
   * @param refused sent to a recipient the relay refuses for good: it must end a dead letter
   * @param owed the Message-IDs the relay must see
   */
  record Acknowledged(String jobId, boolean batch, boolean refused, List<String> owed) {}

  private final ApiClient api;
  private final List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();
  private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicInteger unanswered = new AtomicInteger();
  private final Semaphore inFlight = new Semaphore(32);
  private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean stopped;
  private Thread pacer;

  ChaosTraffic(ApiClient api) {
    this.api = api;
  }

  ChaosTraffic start() {
    pacer = Thread.ofPlatform().name("chaos-traffic").daemon().start(this::run);
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
    boolean batch = turn % BATCH_EVERY == BATCH_EVERY - 1;
    boolean refused = !batch && turn % REFUSED_EVERY == REFUSED_EVERY - 1;
    String body;
    if (batch) {
      var recipients = new ArrayList<String>();
      for (int i = 0; i < BATCH_SIZE; i++) {
        recipients.add(
            "{\"to\":\"batch-%d-%d@example.com\",\"vars\":{\"n\":\"%d\"}}".formatted(turn, i, i));
      }
      body =
          "{\"type\":\"email-batch\",\"payload\":{\"template\":{\"subject\":\"News {{n}}\","
              + "\"text\":\"Issue {{n}}\"},\"recipients\":["
              + String.join(",", recipients)
              + "]}}";
    } else {
      String to = (refused ? ChaosEndToEndTest.REFUSED : "customer-") + turn + "@example.com";
      body =
          "{\"type\":\"email\",\"payload\":{\"to\":[\"%s\"],\"subject\":\"Receipt\",\"text\":\"Thanks\"}}"
              .formatted(to);
    }
    ApiClient.Response answer;
    try {
      answer = api.post("/v1/jobs", body);
    } catch (Exception e) {
      // no answer is no acknowledgement: the job is not owed
      unanswered.incrementAndGet();
      return;
    }
    int status = answer.status();
    answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    if (status == 200 || status == 202) {
      String jobId = answer.json().path("jobId").asText();
      var owed = new ArrayList<String>();
      if (batch) {
        for (int i = 0; i < BATCH_SIZE; i++) {
          owed.add(ChaosEndToEndTest.messageId(jobId, i));
        }
      } else if (!refused) {
        owed.add(ChaosEndToEndTest.messageId(jobId));
      }
      acknowledged.add(new Acknowledged(jobId, batch, refused, List.copyOf(owed)));
    } else if (status != 429 && status != 503) {
      unexpected.add(status + " " + answer.text());
    }
  }

  /** Stops submitting and waits for the requests under way to be answered. */
  void stop() throws InterruptedException {
    stopped = true;
    pacer.join(TimeUnit.MINUTES.toMillis(1));
    requests.shutdown();
    if (!requests.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("requests to the API still unanswered after 5 min");
    }
  }

  List<Acknowledged> acknowledged() {
    return List.copyOf(acknowledged);
  }

  /** How many answers had {@code status}. */
  long answers(int status) {
    var count = answers.get(status);
    return count == null ? 0 : count.get();
  }

  /** Answers that are neither an acknowledgement nor a pushback (429, 503). */
  List<String> unexpected() {
    return List.copyOf(unexpected);
  }

  /** Requests that got no answer at all (a broken connection, a client timeout). */
  int unanswered() {
    return unanswered.get();
  }
}
