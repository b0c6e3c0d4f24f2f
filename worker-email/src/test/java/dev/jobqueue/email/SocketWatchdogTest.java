package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// a watchdog that never fires would leave a test blocked for good: fail it instead
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketWatchdogTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
  }

  @Test
  void cutsOffAReadThatGetsNoAnswer() throws Exception {
    ServerSocket silent = server();
    SocketWatchdog watchdog = watchdog(TIMEOUT);
    Socket socket = connect(watchdog, silent);
    accept(silent); // accepted, and never written to

    long start = System.nanoTime();
    assertThatThrownBy(() -> socket.getInputStream().read(new byte[16]))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("no progress on a read");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
    assertThat(socket.isClosed()).isTrue();
    assertThat(watchdog.openSockets()).isZero();
  }

  @Test
  void cutsOffAWriteTheRelayStoppedReading() throws Exception {
    ServerSocket deaf = new ServerSocket();
    toClose.add(deaf);
    deaf.setReceiveBufferSize(4096);
    deaf.bind(new InetSocketAddress("127.0.0.1", 0));
    SocketWatchdog watchdog = watchdog(TIMEOUT);
    Socket socket = connect(watchdog, deaf);
    accept(deaf); // accepted, and never read from: the send buffers fill and the write blocks

    OutputStream out = socket.getOutputStream();
    byte[] block = new byte[64 * 1024];
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                out.write(block);
              }
            })
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("no progress on a write");
  }

  @Test
  void letsASlowButAnsweringRelayTakeLongerThanTheTimeoutInAll() throws Exception {
    ServerSocket slow = server();
    SocketWatchdog watchdog = watchdog(TIMEOUT);
    Socket socket = connect(watchdog, slow);
    Socket peer = accept(slow);
    int replies = 8;
    long pause = TIMEOUT.toMillis() / 3;
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (OutputStream out = peer.getOutputStream()) {
                for (int i = 0; i < replies; i++) {
                  Thread.sleep(pause); // a relay that takes its time over every reply
                  out.write('x');
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the test fails on the reading side
              }
            });

    InputStream in = socket.getInputStream();
    long start = System.nanoTime();
    for (int i = 0; i < replies; i++) {
      assertThat(in.read()).isEqualTo('x');
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(TIMEOUT.multipliedBy(2));
    assertThat(socket.isClosed()).isFalse();
  }

  @Test
  void aFailedConnectLeavesNothingWatched() throws Exception {
    SocketWatchdog watchdog = watchdog(TIMEOUT);
    int closedPort;
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    assertThatThrownBy(() -> watchdog.createSocket("127.0.0.1", closedPort))
        .isInstanceOf(IOException.class);
    assertThat(watchdog.openSockets()).isZero();
  }

  @Test
  void theSmtpPoolGivesUpOnARelayThatGreetsAndFallsSilent() throws Exception {
    ServerSocket relay = server();
    var greeted = new CountDownLatch(1);
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                Socket peer = relay.accept();
                toClose.add(peer);
                peer.getOutputStream()
                    .write("220 relay.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                peer.getOutputStream().flush();
                greeted.countDown(); // and never answers the EHLO
              } catch (IOException e) {
                // the borrow below fails for another reason, and the assertion says so
              }
            });
    var config =
        new SmtpConfig(
            "127.0.0.1",
            relay.getLocalPort(),
            null,
            null,
            false,
            null,
            "a@example.com",
            null,
            1,
            Duration.ofSeconds(5),
            TIMEOUT);

    try (var pool = new SmtpTransportPool(config)) {
      long start = System.nanoTime();
      assertThatThrownBy(pool::borrow)
          .isInstanceOf(MessagingException.class)
          .satisfies(
              e ->
                  assertThat(SmtpFailure.unavailable("relay", (Exception) e).message())
                      .contains("SocketTimeoutException", "no progress on a read"));
      assertThat(greeted.getCount()).isZero();
      // at least the watchdog's timeout; that it was the watchdog and not a longer timeout is
      // what the message says (an upper bound on the time would fail on a busy machine)
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
    }
  }

  private ServerSocket server() throws IOException {
    var s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    toClose.add(s);
    return s;
  }

  private SocketWatchdog watchdog(Duration timeout) {
    var w = new SocketWatchdog(timeout);
    toClose.add(w);
    return w;
  }

  private Socket connect(SocketWatchdog watchdog, ServerSocket server) throws IOException {
    Socket s = watchdog.createSocket(server.getInetAddress(), server.getLocalPort());
    toClose.add(s);
    return s;
  }

  private Socket accept(ServerSocket server) throws IOException {
    Socket s = server.accept();
    toClose.add(s);
    return s;
  }
}
