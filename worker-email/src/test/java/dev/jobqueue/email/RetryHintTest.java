package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryHintTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "451 4.7.1 Please retry after 30 seconds | PT30S",
        "421 4.7.0 Try again in 5 minutes       | PT5M",
        "450 4.2.0 greylisted, retry in 300s    | PT5M",
        "452 4.3.1 TRY AGAIN IN 2 MIN           | PT2M",
        "451 4.3.0 try later                    | PT0S",
        "451 4.3.0 retry after midnight         | PT0S",
        "451 4.3.0 retry in 30 parsecs          | PT0S"
      })
  void readsTheWaitARelayAsksFor(String reply, Duration expected) {
    assertThat(RetryHint.in(reply)).isEqualTo(expected);
  }
}
