package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.DevServer;
import dev.jobqueue.testing.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos while mail flows: transactional emails (coalesced) and email batches are submitted all
 * along while worker-email is killed -9 and restarted, the Temporal server is killed -9 and
 * restarted on its database, the relay defers (451) and then is down (421) for a minute; a few
 * recipients are refused for good (550). At the end every job the API acknowledged has ended as it
 * should and every email it owes reached the relay; duplicates (at least once) are counted and
 * reported.
 */
class ChaosEndToEndTest {
  /** The right-hand side of every Message-ID: the domain of the default sender. */
  private static final String MESSAGE_ID_DOMAIN = "jobqueue.test";

  /** Recipients the relay refuses for good: their jobs end as dead letters. */
  static final String REFUSED = "refused-";

  /** As long as a relay's outage lasts here: past a few of every email's retries. */
  private static final Duration OUTAGE = Duration.ofSeconds(60);

  private static final Map<String, String> ENV =
      Map.of(
          // coalescing whatever the rate: the single emails go out in groups
          "COALESCING_MIN_RATE", "0",
          "COALESCING_MAX_WAIT", "PT0.2S",
          "EMAIL_WORKER_HEARTBEAT_THROTTLE", "PT1S",
          "TENANT_BULK_RETRY_AFTER", "PT1S");

  @TempDir static Path work;

  /** Why the relay cannot run here; null if it can. */
  static String unavailable;

  static ChaosRelay relay;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    unavailable = ChaosRelay.unavailable(Harness.LOGS.toAbsolutePath()).orElse(null);
    if (unavailable != null) {
      return; // the test skips, saying why (a skip here would be reported without its reason)
    }
    relay = ChaosRelay.start(Harness.LOGS.toAbsolutePath());
    relay.refuse(REFUSED);
    stack = Harness.stack(work).smtpPort(relay.smtpPort()).env(ENV).start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
    if (relay != null) {
      relay.close();
    }
  }

  /** The Message-ID of the job's email, as the README states it: {@code <tenant.jobId@domain>}. */
  static String messageId(String jobId) {
    return messageId(stack.tenant(), jobId);
  }

  /** The Message-ID of {@code tenant}'s email job. */
  static String messageId(String tenant, String jobId) {
    return "<" + encode(tenant) + "." + encode(jobId) + "@" + MESSAGE_ID_DOMAIN + ">";
  }

  /** The Message-ID of a batch's {@code index}th recipient: the job's with the index. */
  static String messageId(String jobId, int index) {
    return "<"
        + encode(stack.tenant())
        + "."
        + encode(jobId)
        + "."
        + index
        + "@"
        + MESSAGE_ID_DOMAIN
        + ">";
  }

  /** Percent-encoding of all but letters, digits, {@code -} and {@code _}: the dots stay ours. */
  private static String encode(String s) {
    var out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", (int) c));
      }
    }
    return out.toString();
  }

  @Test
  void everyAcknowledgedEmailReachesTheRelayThroughCrashesRestartsAndAnOutage() throws Exception {
    assumeTrue(unavailable == null, unavailable);
    var temporal = (DevServer) stack.temporal();
    var traffic = new ChaosTraffic(api).start();
    try {
      awaitProgress(traffic, "mail flowing");

      // a crash of the email fleet's only worker, and a new one
      stack.process(App.WORKER_EMAIL).kill();
      stack.start(App.WORKER_EMAIL);
      awaitProgress(traffic, "mail flowing after worker-email's crash");

      // a crash of Temporal: the API pushes back (503) until it is back on the same database
      long pushedBack = traffic.answers(503);
      temporal.kill();
      await("the API answers 503 while Temporal is down")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> traffic.answers(503) > pushedBack);
      temporal.restart();
      awaitProgress(traffic, "mail flowing after Temporal's restart");

      // the relay asking to be tried later (451), until it has deferred something
      int deferredBefore = relay.refusals(451);
      relay.mode(ChaosRelay.Mode.DEFER);
      await("the relay deferring mail")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> relay.refusals(451) > deferredBefore);
      relay.mode(ChaosRelay.Mode.NORMAL);

      // the relay down: 421 to everything for a while, then back
      int refusedBefore = relay.refusals(421);
      relay.mode(ChaosRelay.Mode.OUTAGE);
      await("the relay refusing mail")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> relay.refusals(421) > refusedBefore);
      Thread.sleep(OUTAGE.toMillis()); // the outage's scripted length, not a wait for a condition
      relay.mode(ChaosRelay.Mode.NORMAL);
      awaitProgress(traffic, "mail flowing after the outage");
    } finally {
      relay.mode(ChaosRelay.Mode.NORMAL);
      traffic.stop();
    }

    assertThat(traffic.unexpected())
        .as("answers other than 200, 202, 429 and 503 (a 500 is not a pushback)")
        .isEmpty();
    List<ChaosTraffic.Acknowledged> acknowledged = traffic.acknowledged();
    awaitEnded(acknowledged);

    var wrong = new ArrayList<String>();
    for (var job : acknowledged) {
      String expected = job.refused() ? "DEAD_LETTERED" : "SUCCEEDED";
      String status = api.status(job.jobId());
      if (!status.equals(expected)) {
        wrong.add(job.jobId() + " " + status + ", not " + expected);
      }
    }
    assertThat(wrong).as("acknowledged jobs that did not end as they should").isEmpty();

    Map<String, Integer> deliveries = relay.deliveries();
    var owed = acknowledged.stream().flatMap(j -> j.owed().stream()).toList();
    var lost =
        acknowledged.stream()
            .flatMap(j -> j.owed().stream().map(id -> "job " + j.jobId() + ": " + id))
            .filter(owedBy -> !deliveries.containsKey(owedBy.substring(owedBy.indexOf(": ") + 2)))
            .toList();
    long delivered = owed.size() - lost.size();
    long duplicates =
        owed.stream().mapToLong(id -> Math.max(0, deliveries.getOrDefault(id, 0) - 1)).sum();
    String report =
        "chaos: acknowledged %d jobs, owed %d emails, delivered %d, lost %d, duplicates %d%n"
                .formatted(acknowledged.size(), owed.size(), delivered, lost.size(), duplicates)
            + "chaos: not acknowledged, not owed: %d answers 503, %d 429, %d unanswered;"
                .formatted(traffic.answers(503), traffic.answers(429), traffic.unanswered())
            + " relay refusals by code %s%n".formatted(refusals());
    System.out.print(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "chaos-report.txt"), report);

    assertThat(lost)
        .as(
            "acknowledged emails whose Message-ID never reached the relay (of %d owed; the relay"
                + " took e.g. %s)",
            owed.size(), deliveries.keySet().stream().limit(3).toList())
        .isEmpty();
    assertThat(acknowledged).anyMatch(ChaosTraffic.Acknowledged::refused);
    assertThat(acknowledged).anyMatch(ChaosTraffic.Acknowledged::batch);
  }

  private static Map<Integer, Integer> refusals() throws Exception {
    var out = new TreeMap<Integer, Integer>();
    for (int code : List.of(421, 451, 550)) {
      out.put(code, relay.refusals(code));
    }
    return out;
  }

  /** Waits until more jobs are acknowledged and more mail delivered than now. */
  private static void awaitProgress(ChaosTraffic traffic, String what) throws Exception {
    int acknowledged = traffic.acknowledged().size();
    int delivered = relay.deliveries().size();
    await(what)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                traffic.acknowledged().size() > acknowledged
                    && relay.deliveries().size() > delivered);
  }

  private static final Set<String> ENDED =
      Set.of("SUCCEEDED", "DEAD_LETTERED", "CANCELLED", "DISCARDED");

  /** Waits until every job has ended; asks again only about those that had not. */
  private static void awaitEnded(List<ChaosTraffic.Acknowledged> jobs) {
    var pending = new ArrayList<>(jobs.stream().map(ChaosTraffic.Acknowledged::jobId).toList());
    await("every acknowledged job ended (" + jobs.size() + ")")
        .atMost(Duration.ofMinutes(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () -> {
              var still = new ArrayList<String>();
              for (String id : pending) {
                if (!ENDED.contains(api.status(id))) {
                  still.add(id);
                }
              }
              pending.retainAll(still);
              return pending.isEmpty();
            });
  }
}
