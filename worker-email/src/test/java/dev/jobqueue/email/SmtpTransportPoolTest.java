package dev.jobqueue.email;

import static dev.jobqueue.email.ActivityHarness.textTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jobqueue.ErrorType;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class SmtpTransportPoolTest {
  private static final Duration ALWAYS_CHECK = Duration.ZERO;
  private static final Duration NEVER_CHECK = Duration.ofDays(1);

  @Test
  void reusesAtMostPoolSizeConnectionsUnderConcurrentSends() throws Exception {
    int poolSize = 4;
    int messages = 200;
    try (var relay = ScriptedSmtpServer.start();
        var pool = new SmtpTransportPool(config(relay.port()).withPoolSize(poolSize));
        var threads = Executors.newFixedThreadPool(32)) {
      var factory = new MessageFactory(config(relay.port()), pool.session(), Clock.systemUTC());
      var go = new CountDownLatch(1);
      var sends = new ArrayList<Future<?>>();
      for (int i = 0; i < messages; i++) {
        MimeMessage message = factory.build(textTo("job-" + i, "user" + i + "@example.org"));
        sends.add(
            threads.submit(
                () -> {
                  go.await();
                  Transport transport = pool.borrow();
                  boolean sent = false;
                  try {
                    transport.sendMessage(message, message.getAllRecipients());
                    sent = true;
                  } finally {
                    pool.release(transport, sent);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> send : sends) {
        send.get(2, TimeUnit.MINUTES);
      }

      assertThat(relay.received()).hasSize(messages);
      assertThat(relay.connectionsOpened()).isBetween(1, poolSize);
      assertThat(relay.maxConcurrentConnections()).isLessThanOrEqualTo(poolSize);
    }
  }

  @Test
  void makesBorrowersWaitBeyondPoolSize() throws Exception {
    try (var relay = ScriptedSmtpServer.start();
        var pool = new SmtpTransportPool(config(relay.port()).withPoolSize(2))) {
      Transport first = pool.borrow();
      Transport second = pool.borrow();

      CompletableFuture<Transport> third =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return pool.borrow();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      await(() -> pool.waiting() == 1);
      assertThat(third).isNotDone();

      pool.release(first, true);
      assertThat(third.get(2, TimeUnit.MINUTES)).isSameAs(first);
      pool.release(second, true);
      pool.release(third.get(), true);
      assertThat(relay.connectionsOpened()).isEqualTo(2);
    }
  }

  @Test
  void aBoundedBorrowGivesUpWhenNoConnectionComesFreeInTime() throws Exception {
    try (var relay = ScriptedSmtpServer.start();
        var pool = new SmtpTransportPool(config(relay.port()).withPoolSize(1))) {
      Transport only = pool.borrow();

      assertThat(pool.borrow(Duration.ZERO)).isNull();
      assertThat(pool.borrow(Duration.ofMillis(50))).isNull();
      assertThat(pool.inUse()).isEqualTo(1);

      pool.release(only, true);
      Transport again = pool.borrow(Duration.ofSeconds(Long.MAX_VALUE));
      assertThat(again).isSameAs(only);
      pool.release(again, true);
      assertThat(pool.inUse()).isZero();
      assertThat(relay.connectionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void replacesConnectionDroppedByRelayBeforeReuse() throws Exception {
    int port = freePort();
    var pool = new SmtpTransportPool(config(port), Clock.systemUTC(), ALWAYS_CHECK);
    try (var harness = new ActivityHarness(config(port), pool)) {
      GreenMail relay = startGreenMail(port);
      harness.send(textTo("job-1", "erin@example.org"));
      relay.stop();
      relay = startGreenMail(port);
      try {
        SendEmailResult result = harness.send(textTo("job-2", "erin@example.org"));

        assertThat(result.accepted()).containsExactly("erin@example.org");
        assertThat(relay.getReceivedMessages()).hasSize(1);
      } finally {
        relay.stop();
      }
    }
  }

  @Test
  void discardsConnectionThatFailedMidSend() throws Exception {
    int port = freePort();
    // trusts the idle connection, so the send itself meets the dropped connection
    var pool = new SmtpTransportPool(config(port), Clock.systemUTC(), NEVER_CHECK);
    try (var harness = new ActivityHarness(config(port), pool)) {
      GreenMail relay = startGreenMail(port);
      harness.send(textTo("job-1", "erin@example.org"));
      relay.stop();
      relay = startGreenMail(port);
      try {
        var failure = harness.failureOf(textTo("job-2", "erin@example.org"));
        SendEmailResult retried = harness.send(textTo("job-2", "erin@example.org"));

        assertThat(failure.getType()).isEqualTo(ErrorType.SmtpUnavailable.name());
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(retried.accepted()).containsExactly("erin@example.org");
        assertThat(relay.getReceivedMessages())
            .extracting(MimeMessage::getMessageID)
            .containsExactly("<acme.job-2@example.com>");
      } finally {
        relay.stop();
      }
    }
  }

  @Test
  void closesIdleConnectionsOnClose() throws Exception {
    try (var relay = ScriptedSmtpServer.start()) {
      var pool = new SmtpTransportPool(config(relay.port()));
      Transport transport = pool.borrow();
      pool.release(transport, true);

      pool.close();

      assertThat(transport.isConnected()).isFalse();
    }
  }

  private static SmtpConfig config(int port) {
    return ActivityHarness.config(port);
  }

  private static GreenMail startGreenMail(int port) {
    var greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    greenMail.start();
    return greenMail;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits for a condition another thread will make true, failing after a generous bound. */
  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
