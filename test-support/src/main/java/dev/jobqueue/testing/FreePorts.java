package dev.jobqueue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A loopback port nothing listens on right now, for one of the processes the harness starts. Each
 * process gets its own, so that runs never collide with each other or with {@code ./jobqueue dev}.
 */
public final class FreePorts {
  private FreePorts() {}

  public static int next() {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
