package dev.jobqueue.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real time, moved ahead by hand: it keeps running along with the Temporal test server's clock,
 * and a test can still jump forward.
 */
public final class MutableClock extends Clock {
  private volatile Duration ahead = Duration.ZERO;

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead);
  }

  public void advance(Duration by) {
    ahead = ahead.plus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
