package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  @Test
  void findsTheTenantOfAKeyByItsHash() {
    var keys =
        new ApiKeys(
            List.of(
                new ApiKeyConfig("acme", ApiKeys.sha256Hex("acme-key")),
                new ApiKeyConfig("globex", ApiKeys.sha256Hex("globex-key").toUpperCase())));

    assertThat(keys.tenantOf("acme-key")).contains("acme");
    assertThat(keys.tenantOf("globex-key")).contains("globex");
    assertThat(keys.tenantOf("ACME-KEY")).isEmpty();
    assertThat(keys.tenantOf("")).isEmpty();
  }

  @Test
  void ignoresEntriesWithoutAHash() {
    var keys = new ApiKeys(List.of(new ApiKeyConfig("dev", null), new ApiKeyConfig("dev", "")));

    assertThat(keys.isEmpty()).isTrue();
    assertThat(keys.tenantOf("")).isEmpty();
  }

  @Test
  void hashesAsSha256sumDoes() {
    // printf %s abc | sha256sum
    assertThat(ApiKeys.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
