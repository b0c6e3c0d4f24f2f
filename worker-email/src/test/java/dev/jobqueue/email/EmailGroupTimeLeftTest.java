package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A coalesced group's chunk starts an email on the wire only with enough of its attempt left
 * ({@link TimeLeft}): the activity's clock set ahead stands for the time the attempt already spent.
 */
class EmailGroupTimeLeftTest {
  private ScriptedSmtpServer relay;
  private SmtpTransportPool pool;
  private TestActivityEnvironment env;

  @BeforeEach
  void start() {
    relay = ScriptedSmtpServer.start();
    pool = new SmtpTransportPool(ActivityHarness.config(relay.port()));
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    pool.close();
    relay.close();
  }

  private EmailGroupActivities activities(Duration spent) {
    env.registerActivitiesImplementations(
        new EmailGroupActivitiesImpl(
            ActivityHarness.config(relay.port()),
            pool,
            Clock.offset(Clock.systemUTC(), spent),
            Duration.ofMillis(20),
            TimeLeft.DEFAULT_MINIMUM));
    return env.newActivityStub(
        EmailGroupActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private static GroupChunk chunk() {
    return new GroupChunk(
        ActivityHarness.TENANT,
        List.of(
            new GroupChunk.Item(
                0, "job-0", EmailMessage.text(List.of("ada@example.org"), "A", "a"), 1, List.of()),
            new GroupChunk.Item(
                1, "job-1", EmailMessage.text(List.of("bob@example.org"), "B", "b"), 1, List.of())),
        12);
  }

  @Test
  void anAttemptWithTooLittleTimeLeftDefersEveryEmailWithoutTouchingTheRelay() {
    // 27 s of a 30 s attempt gone: 3 s left, less than the 5 s a send needs
    GroupChunkResult result = activities(Duration.ofSeconds(27)).sendChunk(chunk());

    assertThat(result.outcomes())
        .hasSize(2)
        .allSatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(GroupChunkResult.Kind.DEFERRED);
              assertThat(o.errorType()).isEqualTo(ErrorType.TooLittleTimeLeft.name());
              assertThat(o.message()).contains("left of the attempt");
            });
    assertThat(relay.connectionsOpened()).isZero();
  }

  @Test
  void anAttemptWithTimeToSpareSendsEveryEmail() {
    GroupChunkResult result = activities(Duration.ZERO).sendChunk(chunk());

    assertThat(result.outcomes())
        .extracting(GroupChunkResult.Outcome::kind)
        .containsOnly(GroupChunkResult.Kind.SENT);
    assertThat(relay.received()).hasSize(2);
  }
}
