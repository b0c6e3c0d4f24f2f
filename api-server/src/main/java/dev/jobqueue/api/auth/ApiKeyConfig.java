package dev.jobqueue.api.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * Reads {@code acme=<sha256>,globex=<sha256>}: more keys than the YAML's list, from one
   * environment variable, so that a deployment adds tenants without editing the file. Empty or null
   * is none.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code tenant=sha256}
   */
  public static List<ApiKeyConfig> parseAll(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    var keys = new ArrayList<ApiKeyConfig>();
    String[] entries = text.split(",");
    for (int i = 0; i < entries.length; i++) {
      String[] parts = entries[i].trim().split("=", 2);
      if (parts.length != 2
          || !parts[0].trim().matches("[A-Za-z0-9._-]{1,64}")
          || !parts[1].trim().matches("[0-9a-fA-F]{64}")) {
        // named by position: a hash is not a secret, but what was pasted there might be
        throw new IllegalArgumentException(
            "API key entry "
                + (i + 1)
                + " is not tenant=sha256 (64 hex digits); entries are separated by commas");
      }
      keys.add(new ApiKeyConfig(parts[0].trim(), parts[1].trim()));
    }
    return List.copyOf(keys);
  }
}
