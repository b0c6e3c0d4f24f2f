package dev.jobqueue.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port nothing listens on right now, for one of the processes the harness starts. Each
 * process gets its own, so that runs never collide with each other or with {@code ./jobqueue dev}.
 */
public final class FreePorts {
  /** Temporal Server keeps its services' ports in smallint columns: they must be below this. */
  public static final int TEMPORAL_LIMIT = 32768;

  /** Where {@link #below} looks: above the well-known ports, below Linux's ephemeral range. */
  private static final int LOW = 10_000;

  /** Ports {@link #below} handed out: never twice from one JVM, bound or not yet. */
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /**
   * A free port below Linux's ephemeral range. Not the system's pick ({@code new ServerSocket(0)}):
   * that is an ephemeral port, which any outgoing connection on the machine may take between our
   * check and the child's bind (a dev server's UI failed so, "address already in use", in a full
   * run).
   */
  public static int next() {
    return below(TEMPORAL_LIMIT, 1);
  }

  /**
   * The first of {@code count} consecutive free ports, all below {@code limit}: the system hands
   * out ephemeral ports above 32768 on Linux, so these are picked at random below it instead.
   */
  public static synchronized int below(int limit, int count) {
    var random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 1000; attempt++) {
      int first = random.nextInt(LOW, limit - count + 1);
      boolean free = true;
      for (int port = first; port < first + count && free; port++) {
        free = !HANDED_OUT.contains(port) && bindable(port);
      }
      if (free) {
        for (int port = first; port < first + count; port++) {
          HANDED_OUT.add(port);
        }
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " free ports in a row below " + limit);
  }

  private static boolean bindable(int port) {
    try (var socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
