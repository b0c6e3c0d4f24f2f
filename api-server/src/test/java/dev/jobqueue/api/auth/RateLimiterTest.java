package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final StoppedClock clock = new StoppedClock();

  /** A clock that moves only when told to, so that refills are exact. */
  private static final class StoppedClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void allowsABurstThenAsksToWait() {
    var limiter = new RateLimiter(new RateLimitConfig(1, 3), clock);

    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isEqualTo(1);
  }

  @Test
  void refillsAtTheConfiguredRate() {
    var limiter = new RateLimiter(new RateLimitConfig(2, 1), clock);
    assertThat(limiter.acquire("acme")).isZero();
    assertThat(limiter.acquire("acme")).isPositive();

    clock.advance(Duration.ofMillis(500));

    assertThat(limiter.acquire("acme")).isZero();
  }

  @Test
  void keepsEachTenantsBudgetApart() {
    var limiter = new RateLimiter(new RateLimitConfig(0.1, 1), clock);
    assertThat(limiter.acquire("acme")).isZero();

    assertThat(limiter.acquire("globex")).isZero();
    assertThat(limiter.acquire("acme")).isEqualTo(10);
  }
}
