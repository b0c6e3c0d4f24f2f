package dev.jobqueue.api.auth;

import java.time.Clock;

/** Each tenant's request budget: a token bucket per tenant, in memory, one token a request. */
public final class RateLimiter {
  private final TokenBuckets buckets;

  public RateLimiter(RateLimitConfig config, Clock clock) {
    this.buckets = new TokenBuckets(config.requestsPerSecond(), config.burst(), clock);
  }

  /**
   * Takes one request from {@code tenant}'s budget: 0 if it may go ahead, otherwise the whole
   * seconds until it could.
   */
  public long acquire(String tenant) {
    return buckets.take(tenant, 1).waitSeconds();
  }
}
