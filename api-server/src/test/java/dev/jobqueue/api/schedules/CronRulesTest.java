package dev.jobqueue.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 9 * * 1-5",
        "*/15 * * * *",
        "0,30 8-18/2 1 1,6 0",
        "59 23 31 12 6",
        " 0  0 1 * * "
      })
  void acceptsFiveNumericFieldsInRange(String cron) {
    assertThat(CronRules.problem(cron)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"* * * *", "60 * * * *", "* * * * 7", "5-1 * * * *", "0 9 * * MON"})
  void namesWhatIsWrong(String cron) {
    assertThat(CronRules.problem(cron)).isNotBlank();
  }
}
