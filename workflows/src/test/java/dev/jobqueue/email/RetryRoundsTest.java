package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.batch.BatchLimits;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryRoundsTest {
  private static List<Integer> chunks(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @Test
  void theNextRoundIsWhenTheEarliestWaitingChunkIsDueAndTakesEveryChunkDueByThen() {
    var rounds = new RetryRounds(5, chunks(5));
    rounds.waitUntil(3, 2_000);
    rounds.waitUntil(1, 1_000);
    rounds.waitUntil(4, 1_000);

    assertThat(rounds.nextRound()).hasValue(1_000);
    assertThat(rounds.takeDue(999)).isEmpty();
    assertThat(rounds.takeDue(1_500)).containsExactly(1, 4);
    assertThat(rounds.nextRound()).hasValue(2_000);
    assertThat(rounds.takeDue(2_000)).containsExactly(3);
    assertThat(rounds.anyWaiting()).isFalse();
    assertThat(rounds.nextRound()).isEmpty();
  }

  @Test
  void aFewChunksGetAsManyReRunsAsTheyNeed() {
    var rounds = new RetryRounds(3, chunks(3));
    rounds.finished(0);
    rounds.finished(2);

    for (int i = 0; i < 500; i++) {
      assertThat(rounds.startReRun(1)).as("re-run %d", i + 1).isFalse();
    }
  }

  @Test
  void whenTheBudgetComesDownToTheReserveEachChunkGetsItsLastRun() {
    int chunks = BatchLimits.MAX_CHUNKS;
    var rounds = new RetryRounds(chunks, chunks(chunks));
    int reRuns = 0;
    int[] runs = new int[chunks];
    // the worst case: every chunk defers items in every run, round after round
    while (IntStream.range(0, chunks).anyMatch(c -> !rounds.hadLastRun(c))) {
      for (int chunk = 0; chunk < chunks; chunk++) {
        if (!rounds.hadLastRun(chunk)) {
          rounds.startReRun(chunk);
          reRuns++;
          runs[chunk]++;
        }
      }
    }

    assertThat(reRuns).isLessThanOrEqualTo(RetryRounds.RERUNS_PER_PASS);
    assertThat(IntStream.of(runs).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(2, 3));
  }

  @Test
  void aChunkThatFinishesGivesItsReservedReRunToTheOthers() {
    var rounds = new RetryRounds(2_000, chunks(2_000));
    rounds.finished(0);

    assertThat(rounds.startReRun(1)).as("2,000 re-runs reserved for 1,999 chunks").isFalse();
    assertThat(rounds.startReRun(1)).isTrue();
    assertThat(rounds.hadLastRun(1)).isTrue();
    assertThat(rounds.startReRun(2)).isTrue();
  }
}
