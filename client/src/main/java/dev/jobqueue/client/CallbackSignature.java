package dev.jobqueue.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a completion callback's {@code Jobqueue-Signature} header: {@code t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>}. The timestamp is signed with the body, so a captured
 * callback cannot be replayed after the tolerance; several {@code v1} values (while a secret is
 * rotated) pass if any one matches.
 */
public final class CallbackSignature {
  public static final String HEADER = "Jobqueue-Signature";
  private static final String HMAC = "HmacSHA256";

  private CallbackSignature() {}

  /**
   * Whether {@code headerValue} signs {@code body} under {@code secret} at a time within {@code
   * tolerance} of {@code now}.
   *
   * @param body the request body exactly as it arrived, before any parsing
   */
  public static boolean verify(
      byte[] secret, String headerValue, byte[] body, Instant now, Duration tolerance) {
    if (headerValue == null) {
      return false;
    }
    Long timestamp = null;
    var signatures = new java.util.ArrayList<byte[]>();
    for (String part : headerValue.split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      switch (kv[0]) {
        case "t" -> {
          try {
            timestamp = Long.parseLong(kv[1]);
          } catch (NumberFormatException e) {
            return false;
          }
        }
        case "v1" -> {
          try {
            signatures.add(HexFormat.of().parseHex(kv[1].toLowerCase(java.util.Locale.ROOT)));
          } catch (IllegalArgumentException e) {
            // not hex: cannot match, the others may
          }
        }
        default -> {
          // another scheme's signature: not ours to check
        }
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      return false;
    }
    Duration skew = Duration.between(Instant.ofEpochSecond(timestamp), now).abs();
    if (skew.compareTo(tolerance) > 0) {
      return false;
    }
    byte[] expected = mac(secret, timestamp, body);
    boolean match = false;
    for (byte[] signature : signatures) {
      match |= MessageDigest.isEqual(expected, signature); // constant time, every one checked
    }
    return match;
  }

  /** {@link #verify(byte[], String, byte[], Instant, Duration)} with a secret given as text. */
  public static boolean verify(
      String secret, String headerValue, byte[] body, Instant now, Duration tolerance) {
    return verify(secret.getBytes(StandardCharsets.UTF_8), headerValue, body, now, tolerance);
  }

  /** The header value that signs {@code body} at {@code timestamp}: what the server sends. */
  public static String sign(byte[] secret, Instant timestamp, byte[] body) {
    long t = timestamp.getEpochSecond();
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(secret, t, body));
  }

  private static byte[] mac(byte[] secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
