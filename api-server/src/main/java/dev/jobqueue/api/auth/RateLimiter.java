package dev.jobqueue.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per tenant, in memory. */
public final class RateLimiter {
  private static final double NANOS_PER_SECOND = 1e9;

  private final RateLimitConfig config;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(RateLimitConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * Takes one request from {@code tenant}'s budget: 0 if it may go ahead, otherwise the whole
   * seconds until it could.
   */
  public long acquire(String tenant) {
    long now = nanos(clock.instant());
    return buckets.computeIfAbsent(tenant, t -> new Bucket(config.burst(), now)).take(now);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private final class Bucket {
    private double tokens;
    private long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }

    synchronized long take(long now) {
      double elapsed = Math.max(0, now - refilledAt) / NANOS_PER_SECOND;
      tokens = Math.min(config.burst(), tokens + elapsed * config.requestsPerSecond());
      refilledAt = Math.max(refilledAt, now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / config.requestsPerSecond());
    }
  }
}
