package dev.jobqueue.email;

import static dev.jobqueue.email.ActivityHarness.textTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.retry.Backoff;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the activity reads a relay's refusals, against a server that refuses on cue. */
class SmtpFailureTest {
  private static final String BOUNCE = "bounce@simulator.jobqueue.test";
  private static final String TEMPFAIL = "tempfail@simulator.jobqueue.test";

  private ScriptedSmtpServer relay;
  private ActivityHarness harness;

  @BeforeEach
  void start() {
    relay = ScriptedSmtpServer.start();
    harness = new ActivityHarness(relay.port());
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    relay.close();
  }

  @Test
  void retriesTemporaryFailureWithJitteredDelay() {
    ApplicationFailure failure = harness.failureOf(textTo("job-1", TEMPFAIL));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpTransient.name());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("451 4.3.0 try later").contains(TEMPFAIL);
    assertWithinJitterOfFirstRetry(failure.getNextRetryDelay());
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void waitsAsLongAsTheRelayAsks() {
    relay.replyToRecipient("busy", "452 4.2.2 mailbox full, try again in 2 minutes");

    ApplicationFailure failure = harness.failureOf(textTo("job-1", "busy@example.org"));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpTransient.name());
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void rejectsForGoodWhenEveryRecipientBounces() {
    ApplicationFailure failure = harness.failureOf(textTo("job-1", BOUNCE, "bounce@example.org"));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpRejected.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getNextRetryDelay()).isNull();
    assertThat(failure.getOriginalMessage())
        .startsWith("550 5.1.1 mailbox unavailable (RCPT TO " + BOUNCE + ")")
        .contains("bounce@example.org");
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void reportsPartialBouncePerRecipientAndDeliversToTheOthers() {
    SendEmailResult result =
        harness.send(textTo("job-1", "ok@example.org", BOUNCE, "also@example.org"));

    assertThat(result.accepted()).containsExactly("ok@example.org", "also@example.org");
    assertThat(result.rejected())
        .containsExactly(new RecipientFailure(BOUNCE, 550, "550 5.1.1 mailbox unavailable"));
    assertThat(relay.received())
        .singleElement()
        .satisfies(
            received -> {
              assertThat(received.recipients())
                  .containsExactly("ok@example.org", "also@example.org");
              assertThat(received.content()).contains("Message-ID: " + result.messageId());
            });
  }

  @Test
  void rejectsForGoodWhenRelayRefusesTheSender() {
    relay.replyToMailFrom("550 5.7.1 sender not allowed");

    ApplicationFailure failure = harness.failureOf(textTo("job-1", "ok@example.org"));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpRejected.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).isEqualTo("550 5.7.1 sender not allowed (MAIL FROM)");
  }

  @Test
  void rejectsForGoodWhenRelayRefusesTheContent() {
    relay.replyToEndOfData("554 5.6.0 content refused");

    ApplicationFailure failure = harness.failureOf(textTo("job-1", "ok@example.org"));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpRejected.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).isEqualTo("554 5.6.0 content refused (end of DATA)");
  }

  @Test
  void retriesWhenRelayDefersTheContentAndReusesTheConnection() {
    relay.replyToEndOfData("451 4.3.0 queue full");

    ApplicationFailure failure = harness.failureOf(textTo("job-1", "ok@example.org"));
    relay.replyToEndOfData("250 2.0.0 queued");
    harness.send(textTo("job-1", "ok@example.org"));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpTransient.name());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).isEqualTo("451 4.3.0 queue full (end of DATA)");
    assertWithinJitterOfFirstRetry(failure.getNextRetryDelay());
    assertThat(relay.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void failsUnavailableWhenNothingListens() throws IOException {
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (var nowhere = new ActivityHarness(closedPort)) {
      ApplicationFailure failure = nowhere.failureOf(textTo("job-1", "ok@example.org"));

      assertThat(failure.getType()).isEqualTo(ErrorType.SmtpUnavailable.name());
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).contains("127.0.0.1:" + closedPort);
      assertWithinJitterOfFirstRetry(failure.getNextRetryDelay());
    }
  }

  @Test
  void remembersWhoGotTheMessageWhenOthersAreDeferred() {
    var progress = new AtomicReference<DeliveryProgress>();
    harness.env().setActivityHeartbeatListener(DeliveryProgress.class, progress::set);

    ApplicationFailure failure =
        harness.failureOf(textTo("job-1", "ok@example.org", TEMPFAIL, BOUNCE));

    assertThat(failure.getType()).isEqualTo(ErrorType.SmtpTransient.name());
    assertThat(relay.received())
        .singleElement()
        .extracting(ScriptedSmtpServer.Received::recipients)
        .isEqualTo(List.of("ok@example.org"));
    assertThat(progress.get().accepted()).containsExactly("ok@example.org");
    assertThat(progress.get().rejected())
        .extracting(RecipientFailure::address)
        .containsExactly(BOUNCE);
  }

  @Test
  void retrySendsOnlyToRecipientsStillPending() {
    var bounced = new RecipientFailure(BOUNCE, 550, "550 5.1.1 mailbox unavailable");
    harness
        .env()
        .setHeartbeatDetails(new DeliveryProgress(List.of("ok@example.org"), List.of(bounced)));

    SendEmailResult result =
        harness.send(textTo("job-1", "ok@example.org", "later@example.org", BOUNCE));

    assertThat(relay.received())
        .singleElement()
        .extracting(ScriptedSmtpServer.Received::recipients)
        .isEqualTo(List.of("later@example.org"));
    assertThat(result.accepted()).containsExactly("ok@example.org", "later@example.org");
    assertThat(result.rejected()).containsExactly(bounced);
  }

  private static void assertWithinJitterOfFirstRetry(Duration delay) {
    Backoff backoff = Backoff.DEFAULT;
    long base = backoff.exponential(1).toMillis();
    assertThat(delay).isNotNull();
    assertThat(delay.toMillis())
        .isBetween((long) (base * (1 - backoff.jitter())), (long) (base * (1 + backoff.jitter())));
  }
}
