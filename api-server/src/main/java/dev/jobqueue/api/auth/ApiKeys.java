package dev.jobqueue.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Which tenant, if any, a presented API key acts for. */
public final class ApiKeys {
  private record Entry(byte[] sha256, String tenant) {}

  private final List<Entry> entries;

  public ApiKeys(List<ApiKeyConfig> keys) {
    this.entries =
        keys.stream()
            .filter(ApiKeyConfig::enabled)
            .map(k -> new Entry(HexFormat.of().parseHex(k.keySha256().toLowerCase()), k.tenant()))
            .toList();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The tenant of {@code key}. Every configured hash is compared, in constant time, whatever
   * matched first, so the answer's timing tells nothing about which keys exist.
   */
  public Optional<String> tenantOf(String key) {
    byte[] presented = sha256(key);
    String tenant = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(presented, entry.sha256()) && tenant == null) {
        tenant = entry.tenant();
      }
    }
    return Optional.ofNullable(tenant);
  }

  /** The hex SHA-256 to configure for {@code key}. */
  public static String sha256Hex(String key) {
    return HexFormat.of().formatHex(sha256(key));
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
