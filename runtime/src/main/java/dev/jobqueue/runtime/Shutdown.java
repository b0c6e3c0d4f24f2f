package dev.jobqueue.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * A SIGTERM is an orderly stop, not a crash: the shutdown hooks (Jetty, then every {@code Managed}
 * in reverse order) run as usual, and the process exits 0 instead of the JVM's default 143.
 */
final class Shutdown {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private Shutdown() {}

  static void exitZeroOnSigterm() {
    if (INSTALLED.compareAndSet(false, true)) {
      Signal.handle(
          new Signal("TERM"),
          signal -> Thread.ofPlatform().name("sigterm").start(() -> System.exit(0)));
    }
  }
}
