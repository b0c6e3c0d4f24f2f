package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.StoppedClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  private final StoppedClock clock = new StoppedClock();

  @Test
  void takesWhatTheBucketHoldsAndSaysWhenTheRestWillBeThere() {
    var buckets = new TokenBuckets(10, 100, clock);

    var first = buckets.take("acme", 95);
    assertThat(first.granted()).isTrue();
    assertThat(first.remaining()).isEqualTo(5);
    assertThat(first.fullSeconds()).isEqualTo(10); // 95 tokens at 10 a second

    var second = buckets.take("acme", 20);
    assertThat(second.granted()).isFalse();
    assertThat(second.waitSeconds()).isEqualTo(2); // 15 more tokens
    assertThat(second.remaining()).isEqualTo(5);

    clock.advance(Duration.ofMillis(1_500));
    assertThat(buckets.take("acme", 20).granted()).isTrue();
  }

  @Test
  void aTakeLargerThanTheBurstWaitsForAFullBucketThenLeavesItInDebt() {
    var buckets = new TokenBuckets(100, 1_000, clock);
    assertThat(buckets.take("acme", 1).granted()).isTrue();

    var early = buckets.take("acme", 5_000);
    assertThat(early.granted()).as("the bucket is one short of full").isFalse();
    assertThat(early.waitSeconds()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    var big = buckets.take("acme", 5_000);
    assertThat(big.granted()).isTrue();
    assertThat(big.remaining()).isZero();
    assertThat(big.fullSeconds()).as("4,000 in debt, then 1,000 to fill").isEqualTo(50);

    clock.advance(Duration.ofSeconds(39));
    assertThat(buckets.take("acme", 1).granted()).as("still in debt").isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(buckets.take("acme", 1).granted()).isTrue();
  }

  @Test
  void whatIsGivenBackCanBeTakenAgainButNeverOverfillsTheBucket() {
    var buckets = new TokenBuckets(0.001, 10, clock);
    assertThat(buckets.take("acme", 10).granted()).isTrue();
    assertThat(buckets.take("acme", 4).granted()).isFalse();

    buckets.giveBack("acme", 4);
    assertThat(buckets.take("acme", 4).granted()).isTrue();

    buckets.giveBack("globex", 50);
    assertThat(buckets.take("globex", 11).granted()).as("a full bucket takes any size").isTrue();
    assertThat(buckets.take("globex", 1).granted()).as("and is empty after").isFalse();
  }

  @Test
  void keepsEachKeysBucketApart() {
    var buckets = new TokenBuckets(1, 1, clock);
    assertThat(buckets.take("acme", 1).granted()).isTrue();
    assertThat(buckets.take("globex", 1).granted()).isTrue();
    assertThat(buckets.take("acme", 1).granted()).isFalse();
  }
}
