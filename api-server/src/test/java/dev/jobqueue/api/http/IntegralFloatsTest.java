package dev.jobqueue.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntegralFloatsTest {
  private static final ObjectMapper JSON = ApiJson.configure(new ObjectMapper());

  record Priority(Integer priority) {}

  @ParameterizedTest(name = "{0}")
  @CsvSource({"3.0, 3", "1e2, 100", "-0.0, 0", "5.000, 5", "3, 3"})
  void takesAWholeNumberWrittenWithAFractionAsAnInteger(String written, int value)
      throws Exception {
    var tree = JSON.readTree("{\"priority\": " + written + "}");

    assertThat(tree.get("priority").isIntegralNumber()).isTrue();
    assertThat(JSON.treeToValue(tree, Priority.class).priority()).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"3.5", "1e-2", "1e300"})
  void leavesOtherNumbersAsTheyAre(String written) throws Exception {
    var tree = JSON.readTree("{\"priority\": " + written + "}");

    assertThat(tree.get("priority").isIntegralNumber()).isFalse();
  }
}
