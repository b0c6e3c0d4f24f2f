package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.retry.RetryBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ItemRetryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final BatchItem ITEM = BatchItem.templated(7, "ada@example.org", Map.of());
  private static final RetryBudget BUDGET = new RetryBudget(12, Duration.ofHours(24));
  private static final String REPLY = "451 4.3.0 try later (end of DATA)";

  /** Deferred earlier in pass 1: attempt {@code attempt}, first tried {@code since} ago. */
  private static ItemOutcome earlier(int attempt, Duration since) {
    return new ItemOutcome(
        7,
        "ada@example.org",
        ItemOutcome.DEFERRED,
        451,
        REPLY,
        NOW.minusSeconds(1).toString(),
        "SmtpTransient",
        1,
        attempt,
        NOW.minusSeconds(1).toString(),
        NOW.minus(since).toString());
  }

  private static ItemRetry round(ItemOutcome earlier, DoubleSupplier random, boolean lastRun) {
    Map<Integer, ItemOutcome> deferred = earlier == null ? Map.of() : Map.of(7, earlier);
    return ItemRetry.inRound(1, deferred, BUDGET, CLOCK, CLOCK, random, lastRun);
  }

  @ParameterizedTest(name = "attempt {0} waits {1} s at the middle of its jitter")
  @CsvSource({"1, 1", "2, 2", "5, 16", "10, 512", "11, 600"})
  void aDeferralWaitsTheItemsOwnPointOnTheCurve(int attempt, long seconds) {
    ItemOutcome previous = attempt == 1 ? null : earlier(attempt - 1, Duration.ofMinutes(30));

    ItemOutcome line = round(previous, () -> 0.5, false).deferral(ITEM, 451, REPLY, Duration.ZERO);

    assertThat(line.status()).isEqualTo(ItemOutcome.DEFERRED);
    assertThat(line.attempt()).isEqualTo(attempt);
    assertThat(line.code()).isEqualTo(451);
    assertThat(line.message()).isEqualTo(REPLY);
    assertThat(line.errorType()).isEqualTo("SmtpTransient");
    assertThat(line.pass()).isEqualTo(1);
    assertThat(Instant.parse(line.nextAttemptAt())).isEqualTo(NOW.plusSeconds(seconds));
    assertThat(line.firstAttemptAt())
        .isEqualTo(attempt == 1 ? NOW.toString() : NOW.minus(Duration.ofMinutes(30)).toString());
  }

  @ParameterizedTest(name = "random {0}: {1} ms")
  @CsvSource({"0.0, 1600", "0.999999, 2399"})
  void theJitterSpreadsEachDelayByAFifthEitherSide(double random, long millis) {
    ItemOutcome line =
        round(earlier(1, Duration.ofSeconds(1)), () -> random, false)
            .deferral(ITEM, 451, REPLY, Duration.ZERO);

    assertThat(Instant.parse(line.nextAttemptAt())).isEqualTo(NOW.plusMillis(millis));
  }

  @Test
  void waitsAtLeastAsLongAsTheRelayAsked() {
    ItemOutcome line =
        round(null, () -> 0.5, false).deferral(ITEM, 451, REPLY, Duration.ofMinutes(5));

    assertThat(Instant.parse(line.nextAttemptAt())).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void deadLettersTheItemOnceItsAttemptsAreSpent() {
    ItemOutcome line =
        round(earlier(11, Duration.ofMinutes(30)), () -> 0.5, false)
            .deferral(ITEM, 451, REPLY, Duration.ZERO);

    assertThat(line.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
    assertThat(line.errorType()).isEqualTo("SmtpTransient");
    assertThat(line.attempt()).isEqualTo(12);
    assertThat(line.message()).isEqualTo("still deferred after 12 attempts: " + REPLY);
    assertThat(line.nextAttemptAt()).isNull();
  }

  @Test
  void deadLettersTheItemWhenItsNextAttemptWouldBePastItsTotalTime() {
    ItemOutcome line =
        round(earlier(3, Duration.ofHours(24).minusSeconds(5)), () -> 0.5, false)
            .deferral(ITEM, 451, REPLY, Duration.ZERO);

    assertThat(line.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
    assertThat(line.message()).isEqualTo("still deferred after 4 attempts: " + REPLY);
  }

  @Test
  void deadLettersTheItemInItsChunksLastRunWithBudgetLeft() {
    ItemOutcome line =
        round(earlier(2, Duration.ofMinutes(1)), () -> 0.5, true)
            .deferral(ITEM, 451, REPLY, Duration.ZERO);

    assertThat(line.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
    assertThat(line.message())
        .isEqualTo(
            "still deferred after 3 attempts, the last its batch's rounds allowed: " + REPLY);
  }

  @Test
  void forAnOlderWorkflowADeferralFailsTheAttemptUntilItsLast() {
    assertThat(ItemRetry.byActivity(1, CLOCK, false).deferral(ITEM, 451, REPLY, Duration.ZERO))
        .as("left pending: the attempt fails")
        .isNull();

    ItemOutcome last =
        ItemRetry.byActivity(1, CLOCK, true).deferral(ITEM, 451, REPLY, Duration.ZERO);

    assertThat(last.status()).isEqualTo(ItemOutcome.DEAD_LETTERED);
    assertThat(last.message()).isEqualTo("still deferred on the last attempt: " + REPLY);
    assertThat(last.attempt()).isZero();
  }
}
