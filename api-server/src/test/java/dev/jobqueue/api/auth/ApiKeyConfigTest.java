package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyConfigTest {
  private static final String ACME = ApiKeys.sha256Hex("acme-key");
  private static final String GLOBEX = ApiKeys.sha256Hex("globex-key");

  @Test
  void readsTenantHashPairsFromOneVariable() {
    var keys = ApiKeyConfig.parseAll(" acme=" + ACME + " , globex=" + GLOBEX);

    assertThat(keys)
        .containsExactly(new ApiKeyConfig("acme", ACME), new ApiKeyConfig("globex", GLOBEX));
    assertThat(new ApiKeys(keys).tenantOf("globex-key")).contains("globex");
  }

  @Test
  void readsNothingAsNoKeys() {
    assertThat(ApiKeyConfig.parseAll("")).isEmpty();
    assertThat(ApiKeyConfig.parseAll(null)).isEmpty();
  }

  @Test
  void rejectsAnEntryThatIsNotTenantAndHashNamingItByPosition() {
    assertThatThrownBy(
            () -> ApiKeyConfig.parseAll("globex=" + GLOBEX + ",acme=" + ACME.substring(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 2 ")
        .hasMessageNotContaining(ACME.substring(1));
    assertThatThrownBy(() -> ApiKeyConfig.parseAll("ac/me=" + ACME))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ApiKeyConfig.parseAll(ACME))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
