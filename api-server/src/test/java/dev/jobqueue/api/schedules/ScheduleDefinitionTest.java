package dev.jobqueue.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.errors.Violations;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a schedule fires: what {@link ScheduleRules#definition} makes of a request's timing. */
class ScheduleDefinitionTest {
  private static final ScheduleRules RULES = new ScheduleRules(null, null, ScheduleConfig.DEFAULT);

  private static ScheduleDefinition interval(String interval, String offset, String catchup) {
    var v = new Violations();
    var definition =
        RULES.definition(
            new ScheduleRequest(null, null, interval, offset, null, null, catchup, null, null), v);
    assertThat(v.isEmpty()).as("violations: %s", v).isTrue();
    return definition;
  }

  @ParameterizedTest(name = "every {0} at {1} → every {2} at {3}")
  @CsvSource({
    "PT1H, PT15M, PT1H, PT15M",
    "PT30S, , PT1M, PT0S",
    "P0D, , PT1M, PT0S",
    "P400D, , PT8784H, PT0S",
    "PT1H, PT1H, PT1H, PT0S",
    "PT1H, PT75M, PT1H, PT15M",
    "PT1M, P99999D, PT1M, PT0S",
    "PT1M, PT90.5S, PT1M, PT30.5S"
  })
  void bringsAnIntervalAndOffsetInsideWhatAScheduleCanDo(
      String given, String offset, String interval, String at) {
    var definition = interval(given, offset, null);

    assertThat(definition.interval()).isEqualTo(interval);
    assertThat(definition.offset()).isEqualTo(at);
  }

  @ParameterizedTest(name = "catch-up {0} → {1}")
  @CsvSource({", PT1M", "PT5M, PT5M", "P0D, PT10S", "PT9S, PT10S", "P999D, PT8784H"})
  void bringsACatchupWindowInsideTemporalsBounds(String given, String used) {
    assertThat(interval("PT1H", null, given).catchupWindow()).isEqualTo(used);
  }

  @Test
  void takesTheTimeZonesTheDocumentListsAndNoOthers() {
    assertThat(TimeZones.NAMES)
        .contains("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata")
        .doesNotContain("Mars/Olympus_Mons", "SystemV/EST5")
        .allSatisfy(zone -> assertThat(ZoneId.of(zone)).isNotNull())
        .hasSizeGreaterThan(400);
  }
}
