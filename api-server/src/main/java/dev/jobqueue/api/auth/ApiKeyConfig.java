package dev.jobqueue.api.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One API key and the tenant it acts for. Only the key's SHA-256 is configured, so neither the YAML
 * nor the environment holds a usable secret. An entry without a hash is ignored, which lets the
 * shipped config name a dev key that is off unless {@code DEV_API_KEY_SHA256} is set.
 *
 * @param tenant letters, digits, {@code .}, {@code _} and {@code -}: it becomes part of workflow
 *     ids and visibility queries, so it must not hold a {@code /} or a quote
 * @param keySha256 lower- or upper-case hex SHA-256 of the key's UTF-8 bytes
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeyConfig(
    @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String tenant,
    @Pattern(regexp = "([0-9a-fA-F]{64})?") String keySha256) {

  public boolean enabled() {
    return keySha256 != null && !keySha256.isBlank();
  }
}
