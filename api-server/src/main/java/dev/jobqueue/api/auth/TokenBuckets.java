package dev.jobqueue.api.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a tenant), in memory: refilled at {@code perSecond}, holding at most
 * {@code burst}. A take larger than the burst is granted once the bucket is full and leaves it in
 * debt, so that a job bigger than the burst can run at all and still pays for its size before the
 * next one.
 */
public final class TokenBuckets {
  private static final double NANOS_PER_SECOND = 1e9;

  /**
   * What a take found.
   *
   * @param granted whether the cost was taken
   * @param remaining whole tokens left after it (0 when in debt)
   * @param waitSeconds when not granted: whole seconds until the same take would be
   * @param fullSeconds whole seconds until the bucket is full again
   */
  public record Taken(boolean granted, long remaining, long waitSeconds, long fullSeconds) {}

  private final double perSecond;
  private final long burst;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public TokenBuckets(double perSecond, long burst, Clock clock) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException(
          "a token bucket needs a positive rate and a burst of at least 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  public double perSecond() {
    return perSecond;
  }

  public long burst() {
    return burst;
  }

  /** Takes {@code cost} tokens from {@code key}'s bucket if it holds them (or is full). */
  public Taken take(String key, long cost) {
    long now = nanos(clock.instant());
    return buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now, cost);
  }

  /** Puts back what a take granted for work that was not done after all. */
  public void giveBack(String key, long cost) {
    long now = nanos(clock.instant());
    buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).giveBack(now, cost);
  }

  /**
   * The rate-limit headers of the IETF httpapi draft, in the form clients read today, for a budget
   * counted in {@code unit}: the policy (quota and the seconds it takes to refill from empty), the
   * limit, what is left after {@code taken} and when the budget is whole again.
   */
  public Map<String, String> headers(String unit, Taken taken) {
    long window = Math.max(1, (long) Math.ceil(burst / perSecond));
    var headers = new LinkedHashMap<String, String>();
    headers.put("RateLimit-Policy", "\"" + unit + "\";q=" + burst + ";w=" + window);
    headers.put("RateLimit-Limit", Long.toString(burst));
    headers.put("RateLimit-Remaining", Long.toString(taken.remaining()));
    headers.put("RateLimit-Reset", Long.toString(taken.fullSeconds()));
    return headers;
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

    synchronized Taken take(long now, long cost) {
      refill(now);
      double needed = Math.min(cost, burst);
      if (tokens >= needed) {
        tokens -= cost;
        return new Taken(true, remaining(), 0, secondsUntil(burst));
      }
      return new Taken(false, remaining(), secondsUntil(needed), secondsUntil(burst));
    }

    synchronized void giveBack(long now, long cost) {
      refill(now);
      tokens = Math.min(burst, tokens + cost);
    }

    private void refill(long now) {
      double elapsed = Math.max(0, now - refilledAt) / NANOS_PER_SECOND;
      tokens = Math.min(burst, tokens + elapsed * perSecond);
      refilledAt = Math.max(refilledAt, now);
    }

    private long remaining() {
      return Math.max(0, (long) Math.floor(tokens));
    }

    private long secondsUntil(double level) {
      return tokens >= level ? 0 : (long) Math.ceil((level - tokens) / perSecond);
    }
  }
}
