package dev.jobqueue.api.jobs;

import io.grpc.Context;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the Temporal calls of one API request. The SDK retries an unreachable server for up to a
 * minute, which would hold the client and a Jetty thread that long; under a gRPC deadline it gives
 * up when the deadline passes, and the client gets a 503 to retry on.
 */
public final class TemporalDeadline {
  private final Duration timeout;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("temporal-deadline").daemon().factory());

  public TemporalDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  /** {@code calls}, whose Temporal calls all end by the deadline. */
  public <T> T within(Supplier<T> calls) {
    try (var context =
        Context.current().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS, timer)) {
      Context previous = context.attach();
      try {
        return calls.get();
      } finally {
        context.detach(previous);
      }
    }
  }
}
