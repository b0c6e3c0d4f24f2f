package dev.jobqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
  /** 200 submissions a second for a tenth of a second. */
  private static OpenLoop.Result run(OpenLoop.Operation op) throws InterruptedException {
    return OpenLoop.run("test", 200, Duration.ofMillis(100), Duration.ofSeconds(30), op);
  }

  @Test
  void anOperationThatWaitsForDeliveryIsTimedToIt() throws InterruptedException {
    var r =
        run(
            scheduled -> {
              long accepted = System.nanoTime();
              return new OpenLoop.Timing(accepted, accepted + 5_000_000);
            });
    assertThat(r.submitted()).isPositive();
    assertThat(r.accepted()).isEqualTo(r.submitted());
    assertThat(r.delivered()).isEqualTo(r.submitted());
    assertThat(r.acceptToDelivered().count()).isEqualTo(r.submitted());
    assertThat(r.acceptToDelivered().percentileMillis(50)).isEqualTo(5.0);
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // without the check, the loop's first wait never ends
  void aRateOfZeroIsRefusedInsteadOfWaitingForever() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                OpenLoop.run(
                    "test",
                    0,
                    java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(1),
                    scheduled -> OpenLoop.Timing.acceptedOnly(System.nanoTime())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rate");
  }

  @Test
  void anOperationTimedLaterCountsAsAcceptedButNotDelivered() throws InterruptedException {
    var r = run(scheduled -> OpenLoop.Timing.acceptedOnly(System.nanoTime()));
    assertThat(r.submitted()).isPositive();
    assertThat(r.accepted()).isEqualTo(r.submitted());
    assertThat(r.delivered()).isZero();
    assertThat(r.acceptToDelivered().count()).isZero();
    assertThat(r.submitToAccepted().count()).isEqualTo(r.submitted());
  }

  @Test
  void aFailedSubmissionIsNeitherAcceptedNorDelivered() throws InterruptedException {
    var r =
        run(
            scheduled -> {
              throw new IllegalStateException("refused");
            });
    assertThat(r.failed()).isEqualTo(r.submitted()).isPositive();
    assertThat(r.accepted()).isZero();
    assertThat(r.firstFailure()).contains("refused");
  }
}
