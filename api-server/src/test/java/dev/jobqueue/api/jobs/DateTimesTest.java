package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-12-01T09:00:00Z, 2026-12-01T09:00:00Z",
    "2026-12-01t09:00:00z, 2026-12-01T09:00:00Z",
    "2026-12-01T10:30:00+01:30, 2026-12-01T09:00:00Z",
    "2026-12-01T09:00:00-00:00, 2026-12-01T09:00:00Z",
    "2026-12-01T23:00:00-23:59, 2026-12-02T22:59:00Z",
    "2026-12-01T09:00:00.1234567891234Z, 2026-12-01T09:00:00.123456789Z",
    "2016-12-31T23:59:60Z, 2016-12-31T23:59:59.999999999Z",
    "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z"
  })
  void readsWhatRfc3339Writes(String text, String instant) {
    assertThat(DateTimes.parse(text)).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-01T09:00:00",
        "2026-12-01 09:00:00Z",
        "2026-02-30T09:00:00Z",
        "2026-12-01T24:00:00Z",
        "2026-12-01T09:00:00+24:00",
        "2026-12-01T09:00:61Z",
        "tomorrow",
        ""
      })
  void refusesWhatItDoesNot(String text) {
    assertThatThrownBy(() -> DateTimes.parse(text)).isInstanceOf(DateTimeParseException.class);
  }
}
