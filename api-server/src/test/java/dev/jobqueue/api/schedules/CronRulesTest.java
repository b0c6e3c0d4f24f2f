package dev.jobqueue.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronRulesTest {
  /** The {@code Cron} pattern of the API document, which a generated client checks. */
  private static final Pattern DOCUMENTED = documented();

  private static Pattern documented() {
    try (InputStream in = CronRulesTest.class.getResourceAsStream(TimeZones.DOCUMENT)) {
      return Pattern.compile(
          new ObjectMapper().readTree(in).at("/components/schemas/Cron/pattern").asText());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 9 * * 1-5",
        "*/15 * * * *",
        "0,30 8-18/2 1 1,6 0",
        "59 23 31 12 6",
        "00 07 01 01 00",
        "5-1 22-2 * * 5-1/2",
        "*/99 0/1 1-31/30 * *"
      })
  void acceptsWhatTheDocumentDescribes(String cron) {
    assertThat(DOCUMENTED.matcher(cron).matches()).as("documented").isTrue();
    assertThat(CronRules.problem(cron)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "* * * *",
        "* * * * * *",
        " 0 0 1 * *",
        "0  0 1 * *",
        "0 0 1 * * ",
        "60 * * * *",
        "* 24 * * *",
        "* * 0 * *",
        "* * 00 * *",
        "* * * 13 *",
        "* * * * 7",
        "*/0 * * * *",
        "*/100 * * * *",
        "0 9 * * MON",
        "1,,2 * * * *",
        "@daily",
        ""
      })
  void refusesWhatTheDocumentDoesNotDescribe(String cron) {
    assertThat(DOCUMENTED.matcher(cron).matches()).as("documented").isFalse();
    assertThat(CronRules.problem(cron)).isNotBlank();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0 9 * * 1-5 | 0 9 * * 1-5",
        "0 22-2 * * * | 0 22,23,0,1,2 * * *",
        "58-1/2 * * * * | 58,0 * * * *",
        "0 0 30-2 * * | 0 0 30,31,1,2 * *",
        "0 0 * 11-2 5-1 | 0 0 * 11,12,1,2 5,6,0,1",
        "0 20-4/3 * * * | 0 20,23,2 * * *"
      })
  void writesOutARangeThatWrapsAroundForTemporal(String cron, String temporal) {
    assertThat(CronRules.forTemporal(cron)).isEqualTo(temporal);
  }
}
