package dev.jobqueue.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTest {

  @ParameterizedTest
  @CsvSource({
    "SCHEDULED, QUEUED RUNNING CANCELLED",
    "QUEUED, RUNNING CANCELLED",
    "RUNNING, RETRYING SUCCEEDED CANCELLED DEAD_LETTERED",
    "RETRYING, RUNNING SUCCEEDED CANCELLED DEAD_LETTERED",
    "DEAD_LETTERED, QUEUED DISCARDED",
    "SUCCEEDED, ''",
    "CANCELLED, ''",
    "DISCARDED, ''",
  })
  void allowsExactlyTheListedTransitions(JobStatus from, String allowed) {
    Set<String> expected = allowed.isBlank() ? Set.of() : Set.of(allowed.split(" "));
    for (JobStatus to : JobStatus.values()) {
      assertThat(from.canMoveTo(to))
          .as("%s -> %s", from, to)
          .isEqualTo(expected.contains(to.name()));
    }
  }

  @ParameterizedTest
  @EnumSource(JobStatus.class)
  void isTerminalExactlyWhenNothingFollows(JobStatus status) {
    boolean anyNext = java.util.Arrays.stream(JobStatus.values()).anyMatch(status::canMoveTo);
    assertThat(status.isTerminal()).isEqualTo(!anyNext);
  }
}
