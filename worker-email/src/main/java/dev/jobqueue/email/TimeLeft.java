package dev.jobqueue.email;

import io.temporal.activity.ActivityInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long the running attempt has before Temporal times it out, and whether that is enough to
 * start an SMTP transaction.
 *
 * <p>Once an attempt's start-to-close timeout passes, Temporal schedules the retry whether or not
 * the first thread is still sending. A message put on the wire in an attempt's last seconds may be
 * accepted by the relay after its retry went out too: a duplicate, and a spent attempt. So a send
 * starts only with {@code minimum} left: waiting for a pooled connection is bounded by what is left
 * beyond it, and an attempt that has less fails retryably without touching the relay.
 *
 * @param deadline when the attempt times out: its start plus the start-to-close timeout, or the
 *     activity's schedule-to-close deadline if that comes first; {@link Instant#MAX} when neither
 *     is known
 * @param minimum how much must be left to start on the wire
 */
record TimeLeft(Instant deadline, Duration minimum, Clock clock) {
  /**
   * Five seconds: one SMTP transaction on a healthy relay takes a fraction of a second, so this
   * leaves room for a slow one and loses at most the last few seconds of a 30 s attempt. The socket
   * timeouts (30 s) would not do: they span a whole attempt.
   */
  static final Duration DEFAULT_MINIMUM = Duration.ofSeconds(5);

  /**
   * The running attempt's deadline, from the times Temporal gave it. The attempt's start is the
   * server's clock and now the worker's: when they disagree by more than the attempt could have
   * spent (the worker's clock behind the start, or past its whole timeout), the attempt counts from
   * now, so that a skewed clock costs the margin, not every send.
   */
  static TimeLeft of(ActivityInfo info, Duration minimum, Clock clock) {
    Instant deadline = Instant.MAX;
    Duration startToClose = info.getStartToCloseTimeout();
    if (info.getStartedTimestamp() > 0 && isPositive(startToClose)) {
      Instant now = clock.instant();
      Duration spent = Duration.between(Instant.ofEpochMilli(info.getStartedTimestamp()), now);
      if (spent.isNegative() || spent.compareTo(startToClose) >= 0) {
        spent = Duration.ZERO;
      }
      deadline = now.plus(startToClose).minus(spent);
    }
    if (info.getScheduledTimestamp() > 0 && isPositive(info.getScheduleToCloseTimeout())) {
      Instant overall =
          Instant.ofEpochMilli(info.getScheduledTimestamp()).plus(info.getScheduleToCloseTimeout());
      deadline = overall.isBefore(deadline) ? overall : deadline;
    }
    return new TimeLeft(deadline, minimum, clock);
  }

  /** What is left now; negative once the deadline passed. */
  Duration left() {
    return deadline.equals(Instant.MAX)
        ? Duration.ofSeconds(Long.MAX_VALUE)
        : Duration.between(clock.instant(), deadline);
  }

  /** Whether a send may start now. */
  boolean enough() {
    return left().compareTo(minimum) >= 0;
  }

  /** How long a sender may wait for a connection and still have {@link #minimum} left. */
  Duration spare() {
    Duration spare = left().minus(minimum);
    return spare.isNegative() ? Duration.ZERO : spare;
  }

  /** The failure message of an attempt that stopped short. */
  String shortBy(String what) {
    return "%s left of the attempt, less than the %s a send needs: not %s, so that the retry sends and not a timed-out attempt"
        .formatted(left().isNegative() ? Duration.ZERO : left(), minimum, what);
  }

  private static boolean isPositive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }
}
