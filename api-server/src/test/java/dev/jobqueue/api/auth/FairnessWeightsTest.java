package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FairnessWeightsTest {
  @Test
  void aNamedTenantHasItsWeightAndAnyOtherTheDefault() {
    var weights = FairnessWeights.parse(" acme=2.5, globex = 0.5 ");
    assertThat(weights.of("acme")).isEqualTo(2.5f);
    assertThat(weights.of("globex")).isEqualTo(0.5f);
    assertThat(weights.of("initech")).isEqualTo(1f);
  }

  @Test
  void nothingConfiguredIsEveryTenantAtTheDefault() {
    assertThat(FairnessWeights.parse("").of("acme")).isEqualTo(1f);
    assertThat(FairnessWeights.parse(null).of("acme")).isEqualTo(1f);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"acme", "acme=", "acme=0", "acme=-1", "acme=1001", "acme=x", "a/b=2", "=2"})
  void anEntryThatIsNotTenantEqualsAPositiveWeightIsRefusedByName(String entry) {
    assertThatThrownBy(() -> FairnessWeights.parse("globex=2," + entry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'")
        .hasMessageContaining("example: acme=2,globex=0.5");
  }

  @Test
  void aTenantNamedTwiceIsRefused() {
    assertThatThrownBy(() -> FairnessWeights.parse("acme=2,acme=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acme has two fairness weights");
  }
}
