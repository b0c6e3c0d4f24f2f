package dev.jobqueue.api.auth;

import java.time.Clock;
import java.util.Map;

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
    return take(tenant).waitSeconds();
  }

  /** Takes one request from {@code tenant}'s budget, and says what is left of it. */
  public TokenBuckets.Taken take(String tenant) {
    return buckets.take(tenant, 1);
  }

  /** The {@code RateLimit-*} headers of a take: the budget in requests. */
  public Map<String, String> headers(TokenBuckets.Taken taken) {
    return buckets.headers("requests", taken);
  }
}
