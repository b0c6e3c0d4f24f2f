package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0.00",
    "5, 0.05",
    "-5, -0.05",
    "100, 1.00",
    "123456, '1,234.56'",
    "-123456, '-1,234.56'",
    "100000000, '1,000,000.00'",
    "9223372036854775807, '92,233,720,368,547,758.07'",
    "-9223372036854775808, '-92,233,720,368,547,758.08'"
  })
  void formatsCentsExactly(long cents, String expected) {
    assertThat(Money.format(cents)).isEqualTo(expected);
  }

  @Test
  void groupsCounts() {
    assertThat(Money.count(0)).isEqualTo("0");
    assertThat(Money.count(999)).isEqualTo("999");
    assertThat(Money.count(1_000)).isEqualTo("1,000");
    assertThat(Money.count(10_000_000)).isEqualTo("10,000,000");
  }
}
