package dev.jobqueue.bench;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Prints a phase's progress every few seconds: "raw temporal: 12.3 s, 4,100 workflows (333/s)". */
final class PhaseProgress implements AutoCloseable {
  private static final long EVERY_SECONDS = 5;

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("progress").unstarted(r));
  private final long started = System.nanoTime();

  PhaseProgress(String phase, String unit, LongSupplier done) {
    timer.scheduleAtFixedRate(
        () -> {
          double seconds = (System.nanoTime() - started) / 1e9;
          long n = done.getAsLong();
          say("%s: %.1f s, %,d %s (%,.0f/s)", phase, seconds, n, unit, n / seconds);
        },
        EVERY_SECONDS,
        EVERY_SECONDS,
        TimeUnit.SECONDS);
  }

  static void say(String format, Object... args) {
    System.out.println("    " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
