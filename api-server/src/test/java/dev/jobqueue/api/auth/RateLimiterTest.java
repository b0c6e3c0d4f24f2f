package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.StoppedClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final StoppedClock clock = new StoppedClock();

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
