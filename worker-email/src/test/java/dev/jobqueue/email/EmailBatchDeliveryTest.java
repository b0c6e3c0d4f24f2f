package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.ErrorType;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunk activity against a real SMTP server, one attempt at a time. */
class EmailBatchDeliveryTest {
  private static final BatchName JOB = EmailBatchHarness.hashed(new JobRef("batch-1", "acme"));

  @TempDir Path storeDir;
  private ScriptedSmtpServer relay;
  private EmailBatchHarness harness;

  @BeforeEach
  void start() {
    relay = ScriptedSmtpServer.start();
    harness = new EmailBatchHarness(storeDir, relay.port(), 2);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    relay.close();
  }

  /** How many messages the relay took for each recipient. */
  private Map<String, Long> deliveries() {
    return relay.received().stream()
        .flatMap(r -> r.recipients().stream())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private static Map<String, Long> once(List<String> localParts) {
    return localParts.stream().collect(Collectors.toMap(p -> p + "@example.org", p -> 1L));
  }

  /** A first run in a round, as the workflow asks now, on the default budget. */
  private static ChunkRequest round(int pass) {
    return round(pass, Instant.now(), RetryBudget.DEFAULT);
  }

  private static ChunkRequest round(int pass, Instant dueBy, RetryBudget budget) {
    return ChunkRequest.round(JOB, 0, pass, budget, dueBy, false);
  }

  private static ApplicationFailure failureOf(Runnable attempt) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, attempt::run);
    assertThat(failure).as("the attempt should fail").isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }

  @Test
  void aChunkAttemptWithTooLittleTimeLeftStartsNoMessageAndFailsRetryably() {
    harness.stage(JOB, EmailBatchHarness.localParts("late", 3), 100);
    // 27 s of the attempt's 30 s gone: 3 s left, less than the 5 s a message needs
    var late = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(27));

    ApplicationFailure failure;
    try (var attempt = harness.attempt(late)) {
      failure = failureOf(() -> attempt.stub.sendChunk(round(1)));
    }

    assertThat(failure.getType()).isEqualTo(ErrorType.TooLittleTimeLeft.name());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("left of the attempt", "3 of 3 items");
    assertThat(relay.connectionsOpened()).isZero();
    assertThat(harness.outcomes(JOB)).extracting(ItemOutcome::status).containsOnly("pending");

    // the next attempt, on time, sends them all once
    try (var attempt = harness.attempt()) {
      attempt.stub.sendChunk(round(2));
    }
    assertThat(harness.outcomes(JOB)).extracting(ItemOutcome::status).containsOnly("accepted");
    assertThat(harness.outcomes(JOB)).hasSize(3);
  }

  @Test
  void recordsEachRecipientsOutcomeAndSendsADeferredOneAgainOnlyOnceItIsDue() {
    relay.replyToRecipient(
        "greylisted", "451 4.7.1 greylisted, try again in 60 seconds", "250 2.1.5 OK");
    var ok = EmailBatchHarness.localParts("ok", 5);
    var parts = new ArrayList<>(ok);
    parts.add(2, "bounce");
    parts.add(4, "greylisted");
    harness.stage(JOB, parts, 100);
    Instant firstRun = Instant.now();

    ChunkResult first;
    try (var attempt = harness.attempt()) {
      first = attempt.stub.sendChunk(round(1, firstRun, RetryBudget.DEFAULT));
    }

    List<ItemOutcome> outcomes = harness.outcomes(JOB);
    assertThat(outcomes)
        .extracting(ItemOutcome::status)
        .containsExactly(
            "accepted",
            "accepted",
            "dead_lettered",
            "accepted",
            "deferred",
            "accepted",
            "accepted");
    ItemOutcome greylisted = outcomes.get(4);
    assertThat(greylisted.code()).isEqualTo(451);
    assertThat(greylisted.errorType()).isEqualTo("SmtpTransient");
    assertThat(greylisted.attempt()).isEqualTo(1);
    assertThat(greylisted.message())
        .isEqualTo(
            "451 4.7.1 greylisted, try again in 60 seconds (RCPT TO greylisted@example.org)");
    Instant due = Instant.parse(greylisted.nextAttemptAt());
    assertThat(Duration.between(Instant.parse(greylisted.firstAttemptAt()), due))
        .as("the relay's 60 s honoured")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(outcomes.get(0).attempt()).isEqualTo(1);
    assertThat(first.deferred()).isEqualTo(1);
    assertThat(first.dueAt()).isEqualTo(due);
    assertThat(first.accepted()).isEqualTo(5);
    assertThat(first.deadLettered()).isEqualTo(1);

    ChunkResult early;
    try (var attempt = harness.attempt()) {
      early = attempt.stub.sendChunk(round(1, due.minusSeconds(1), RetryBudget.DEFAULT));
    }
    assertThat(early)
        .as("not due yet: nothing sent")
        .isEqualTo(new ChunkResult(0, 5, 1, 6, first.rejected(), 1, due));
    assertThat(relay.received()).hasSize(5);

    ChunkResult retried;
    try (var attempt = harness.attempt()) {
      retried = attempt.stub.sendChunk(round(1, due, RetryBudget.DEFAULT));
    }

    assertThat(retried)
        .isEqualTo(
            new ChunkResult(
                0,
                6,
                1,
                6,
                List.of(
                    new RecipientFailure("bounce@example.org", 550, outcomes.get(2).message()))));
    assertThat(harness.outcomes(JOB).get(4))
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo("accepted");
              assertThat(o.attempt()).isEqualTo(2);
            });
    var expected = new java.util.HashMap<>(once(ok));
    expected.put("greylisted@example.org", 1L);
    assertThat(deliveries()).isEqualTo(expected);
  }

  @Test
  void anOlderWorkflowsRequestFailsTheAttemptForADeferredItemAndTheRetrySendsOnlyThat() {
    relay.replyToRecipient(
        "greylisted", "451 4.7.1 greylisted, try again in 60 seconds", "250 2.1.5 OK");
    var ok = EmailBatchHarness.localParts("ok", 5);
    var parts = new ArrayList<>(ok);
    parts.add(2, "bounce");
    parts.add(4, "greylisted");
    harness.stage(JOB, parts, 100);

    ApplicationFailure first;
    try (var attempt = harness.attempt()) {
      first = failureOf(() -> attempt.stub.sendChunk(new ChunkRequest(JOB, 0, 1, 12)));
    }

    assertThat(first.getType()).isEqualTo("SmtpTransient");
    assertThat(first.isNonRetryable()).isFalse();
    assertThat(first.getOriginalMessage())
        .startsWith(
            "451 4.7.1 greylisted, try again in 60 seconds (RCPT TO greylisted@example.org)")
        .endsWith("1 of 7 items of the chunk still to send");
    List<ItemOutcome> outcomes = harness.outcomes(JOB);
    assertThat(outcomes)
        .extracting(ItemOutcome::status)
        .containsExactly(
            "accepted", "accepted", "dead_lettered", "accepted", "pending", "accepted", "accepted");
    assertThat(outcomes.get(0).code()).isEqualTo(250);
    assertThat(outcomes.get(0).message()).isEqualTo("250 2.0.0 queued");
    assertThat(outcomes.get(2))
        .satisfies(
            bounce -> {
              assertThat(bounce.to()).isEqualTo("bounce@example.org");
              assertThat(bounce.code()).isEqualTo(550);
              assertThat(bounce.errorType()).isEqualTo("SmtpRejected");
              assertThat(bounce.message())
                  .isEqualTo("550 5.1.1 mailbox unavailable (RCPT TO bounce@example.org)");
            });

    ChunkResult retried;
    try (var attempt = harness.attempt()) {
      retried = attempt.stub.sendChunk(new ChunkRequest(JOB, 0, 1, 12));
    }

    assertThat(retried)
        .isEqualTo(
            new ChunkResult(
                0,
                6,
                1,
                6,
                List.of(
                    new RecipientFailure("bounce@example.org", 550, outcomes.get(2).message()))));
    assertThat(harness.outcomes(JOB).get(4).status()).isEqualTo("accepted");
    var expected = new java.util.HashMap<>(once(ok));
    expected.put("greylisted@example.org", 1L);
    assertThat(deliveries()).isEqualTo(expected);
  }

  @Test
  void givesEachItemItsOwnMessageIdAndRendersItsVars() {
    harness.stage(JOB, List.of("ada", "grace"), 100);

    try (var attempt = harness.attempt()) {
      attempt.stub.sendChunk(round(1));
    }

    assertThat(relay.received()).hasSize(2);
    var byRecipient =
        relay.received().stream()
            .collect(
                Collectors.toMap(
                    r -> r.recipients().getFirst(), ScriptedSmtpServer.Received::content));
    assertThat(byRecipient.get("grace@example.org"))
        .contains(
            "Message-ID: <acme.batch-1.1@example.com>",
            "Subject: Hello R1",
            "Hi R1, your code is c1.");
    assertThat(byRecipient.get("ada@example.org"))
        .contains("Message-ID: <acme.batch-1.0@example.com>");
  }

  @Test
  void deadLettersAnItemWhoseVarsTryHeaderInjectionAndSendsTheRest() throws Exception {
    var items =
        List.of(
            BatchItem.templated(0, "ada@example.org", Map.of("name", "Ada", "code", "1")),
            BatchItem.templated(
                1,
                "eve@example.org",
                Map.of("name", "Eve\r\nBcc: victim@example.com", "code", "2")),
            BatchItem.templated(2, "not an address", Map.of("name", "X", "code", "3")),
            BatchItem.templated(3, "grace@example.org", Map.of("name", "Grace")));
    harness.store.stage(JOB, EmailBatchHarness.TEMPLATE, items.iterator(), 100);

    ChunkResult result;
    try (var attempt = harness.attempt()) {
      result = attempt.stub.sendChunk(round(1));
    }

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.deadLettered()).isEqualTo(3);
    List<ItemOutcome> outcomes = harness.outcomes(JOB);
    assertThat(outcomes)
        .extracting(ItemOutcome::status)
        .containsExactly("accepted", "dead_lettered", "dead_lettered", "dead_lettered");
    assertThat(outcomes.subList(1, 4))
        .allSatisfy(
            o -> {
              assertThat(o.errorType()).isEqualTo("InvalidMessage");
              assertThat(o.code()).isNull();
            });
    assertThat(outcomes.get(1).message()).startsWith("vars.name: is used in the subject");
    assertThat(outcomes.get(2).message()).startsWith("to[0]:");
    assertThat(outcomes.get(3).message()).startsWith("vars.code: has no value");
    assertThat(deliveries()).isEqualTo(Map.of("ada@example.org", 1L));
    assertThat(relay.received().getFirst().content()).doesNotContain("victim");
  }

  @Test
  void sendsOverSeveralConnectionsAtOnce() throws Exception {
    var parts = EmailBatchHarness.localParts("user", 300);
    try (var wide = new EmailBatchHarness(storeDir, relay.port(), 4)) {
      wide.stage(JOB, parts, 1_000);

      ChunkResult result;
      try (var attempt = wide.attempt()) {
        result = attempt.stub.sendChunk(round(1));
      }

      assertThat(result).isEqualTo(new ChunkResult(0, 300, 0, 0, List.of()));
    }
    assertThat(relay.maxConcurrentConnections()).isBetween(2, 4);
    assertThat(deliveries()).isEqualTo(once(parts));
  }

  @Test
  void resumesAnInterruptedChunkWithoutResendingConfirmedRecipients() throws Exception {
    var parts = EmailBatchHarness.localParts("user", 40);
    harness.stage(JOB, parts, 1_000);
    var gate = new HoldAfter(15, 2);

    try (var attempt = harness.attempt(gate)) {
      var running = CompletableFuture.runAsync(() -> attempt.stub.sendChunk(round(1)));
      assertThat(gate.allHeld.await(2, TimeUnit.MINUTES))
          .as("both workers held mid-chunk")
          .isTrue();
      attempt.env.requestCancelActivity();
      Throwable stopped =
          catchThrowableOfType(Throwable.class, () -> running.get(2, TimeUnit.MINUTES));
      assertThat(stopped).rootCause().isInstanceOf(CanceledFailure.class);
    }

    List<ItemOutcome> afterInterruption = harness.outcomes(JOB);
    assertThat(afterInterruption.stream().filter(o -> o.status().equals("accepted")).count())
        .as("every confirmed send recorded before the attempt ended")
        .isEqualTo(15);
    assertThat(relay.received()).hasSize(15);

    ChunkResult resumed;
    try (var attempt = harness.attempt()) {
      resumed = attempt.stub.sendChunk(round(1));
    }

    assertThat(resumed).isEqualTo(new ChunkResult(0, 40, 0, 15, List.of()));
    assertThat(deliveries()).isEqualTo(once(parts));
    assertThat(harness.outcomes(JOB)).allSatisfy(o -> assertThat(o.status()).isEqualTo("accepted"));
  }

  @Test
  void aRedriveRetriesDeadLetteredItemsButNeverAcceptedOnes() {
    harness.stage(JOB, List.of("ok0", "bounce", "ok1"), 100);
    try (var attempt = harness.attempt()) {
      assertThat(attempt.stub.sendChunk(round(1)).deadLettered()).isEqualTo(1);
    }
    try (var attempt = harness.attempt()) {
      assertThat(attempt.stub.sendChunk(round(1)))
          .as("a retry within the pass leaves the dead letter alone")
          .isEqualTo(
              new ChunkResult(
                  0,
                  2,
                  1,
                  3,
                  List.of(
                      new RecipientFailure(
                          "bounce@example.org",
                          550,
                          "550 5.1.1 mailbox unavailable (RCPT TO bounce@example.org)"))));
    }
    relay.replyToRecipient("bounce", "250 2.1.5 mailbox restored");

    ChunkResult redriven;
    try (var attempt = harness.attempt()) {
      redriven = attempt.stub.sendChunk(round(2));
    }

    assertThat(redriven).isEqualTo(new ChunkResult(0, 3, 0, 2, List.of()));
    assertThat(deliveries()).isEqualTo(once(List.of("ok0", "bounce", "ok1")));
  }

  @Test
  void aRelayThatCannotBeReachedLeavesItemsPendingAndFailsRetryably() throws Exception {
    harness.stage(JOB, List.of("a", "b", "c"), 100);
    relay.close();

    ApplicationFailure failure;
    try (var attempt = harness.attempt()) {
      failure = failureOf(() -> attempt.stub.sendChunk(round(1)));
    }

    assertThat(failure.getType()).isEqualTo("SmtpUnavailable");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(harness.outcomes(JOB)).extracting(ItemOutcome::status).containsOnly("pending");
  }

  /** The relay answers 451 at the end of DATA to the message of item {@code index}. */
  private static ScriptedSmtpServer.EndOfData tempfailsItem(int index, String reply) {
    String id = "Message-ID: <acme.batch-1." + index + "@example.com>";
    return content -> content.contains(id) ? reply : "250 2.0.0 queued";
  }

  @Test
  void oneMessagesTempfailAtTheEndOfDataDefersOnlyThatItemAndTheOthersGoThroughInTheSameAttempt() {
    var parts = EmailBatchHarness.localParts("user", 20);
    harness.stage(JOB, parts, 100);
    relay.replyToEndOfData(tempfailsItem(3, "451 4.3.0 try again later"));

    ChunkResult result;
    try (var attempt = harness.attempt()) {
      result = attempt.stub.sendChunk(round(1));
    }

    assertThat(result.accepted()).isEqualTo(19);
    assertThat(result.deferred()).isEqualTo(1);
    assertThat(result.deadLettered()).isZero();
    List<ItemOutcome> outcomes = harness.outcomes(JOB);
    assertThat(outcomes)
        .filteredOn(o -> !o.status().equals("accepted"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.index()).isEqualTo(3);
              assertThat(o.status()).isEqualTo(ItemOutcome.DEFERRED);
              assertThat(o.code()).isEqualTo(451);
              assertThat(o.message()).isEqualTo("451 4.3.0 try again later (end of DATA)");
              assertThat(o.attempt()).isEqualTo(1);
              assertThat(Instant.parse(o.nextAttemptAt())).isEqualTo(result.dueAt());
            });
    var others = new ArrayList<>(parts);
    others.remove(3);
    assertThat(deliveries()).isEqualTo(once(others));
  }

  @Test
  void anItemDeferredOnItsLastOwnAttemptIsDeadLetteredAsAnItem() {
    harness.stage(JOB, List.of("a", "b", "c"), 100);
    relay.replyToEndOfData(tempfailsItem(1, "452 4.2.2 mailbox full"));
    var budget = new RetryBudget(2, Duration.ofHours(1));

    ChunkResult first;
    try (var attempt = harness.attempt()) {
      first = attempt.stub.sendChunk(round(1, Instant.now(), budget));
    }
    ChunkResult last;
    try (var attempt = harness.attempt()) {
      last = attempt.stub.sendChunk(round(1, first.dueAt(), budget));
    }

    assertThat(first.deferred()).isEqualTo(1);
    assertThat(last.deferred()).isZero();
    assertThat(last.accepted()).isEqualTo(2);
    assertThat(last.deadLettered()).isEqualTo(1);
    assertThat(harness.outcomes(JOB).get(1))
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
              assertThat(o.errorType()).isEqualTo("SmtpTransient");
              assertThat(o.attempt()).isEqualTo(2);
              assertThat(o.message())
                  .isEqualTo(
                      "still deferred after 2 attempts: 452 4.2.2 mailbox full (end of DATA)");
            });
  }

  @Test
  void a421AtTheEndOfDataStillStopsThePassAndFailsTheAttempt() throws Exception {
    harness.stage(JOB, EmailBatchHarness.localParts("user", 10), 100);
    relay.replyToEndOfData(tempfailsItem(2, "421 4.3.2 shutting down"));
    ApplicationFailure failure;
    try (var single = new EmailBatchHarness(storeDir, relay.port(), 1);
        var attempt = single.attempt()) {
      failure = failureOf(() -> attempt.stub.sendChunk(round(1)));
    }

    assertThat(failure.getType()).isEqualTo("SmtpTransient");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("421 4.3.2 shutting down (end of DATA)");
    assertThat(harness.outcomes(JOB))
        .extracting(ItemOutcome::status)
        .as("one sender, stopped at the 421: the rest untried")
        .containsExactly(
            "accepted",
            "accepted",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending");
  }

  @Test
  void aConnectionDroppedAtTheEndOfDataStillStopsThePassAndFailsTheAttempt() throws Exception {
    harness.stage(JOB, EmailBatchHarness.localParts("user", 10), 100);
    relay.replyToEndOfData(tempfailsItem(2, ScriptedSmtpServer.EndOfData.DROP));
    ApplicationFailure failure;
    try (var single = new EmailBatchHarness(storeDir, relay.port(), 1);
        var attempt = single.attempt()) {
      failure = failureOf(() -> attempt.stub.sendChunk(round(1)));
    }

    assertThat(failure.getType()).isEqualTo("SmtpUnavailable");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(harness.outcomes(JOB))
        .extracting(ItemOutcome::status)
        .containsExactly(
            "accepted",
            "accepted",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending",
            "pending");
    assertThat(relay.received()).hasSize(2);
  }
}
