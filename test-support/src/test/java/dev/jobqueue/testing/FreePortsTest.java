package dev.jobqueue.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void portsAreBelowTheEphemeralRangeNeverHandedOutTwiceAndBindable() throws Exception {
    var seen = new HashSet<Integer>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.next();
      // the system gives outgoing connections ports from 32768 up: none of those may be ours
      assertThat(port).isBetween(10_000, FreePorts.TEMPORAL_LIMIT - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
    int port = FreePorts.next();
    try (var socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
