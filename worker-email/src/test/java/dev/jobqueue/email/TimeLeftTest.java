package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeLeftTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aSendMayStartWithTheMinimumLeftAndWaitOnlyForWhatIsLeftBeyondIt() {
    var time = new TimeLeft(NOW.plusSeconds(8), Duration.ofSeconds(5), CLOCK);

    assertThat(time.enough()).isTrue();
    assertThat(time.spare()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void lessThanTheMinimumLeftIsNotEnoughAndLeavesNothingToWait() {
    var time = new TimeLeft(NOW.plusSeconds(4), Duration.ofSeconds(5), CLOCK);

    assertThat(time.enough()).isFalse();
    assertThat(time.spare()).isZero();
  }

  @Test
  void anAttemptPastItsDeadlineHasNothingLeft() {
    var time = new TimeLeft(NOW.minusSeconds(1), Duration.ZERO, CLOCK);

    assertThat(time.enough()).isFalse();
    assertThat(time.shortBy("sending")).startsWith("PT0S left");
  }

  @Test
  void withoutADeadlineEverySendMayStart() {
    var time = new TimeLeft(Instant.MAX, Duration.ofSeconds(5), CLOCK);

    assertThat(time.enough()).isTrue();
    assertThat(time.spare()).isPositive();
  }
}
