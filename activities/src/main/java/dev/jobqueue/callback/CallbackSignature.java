package dev.jobqueue.callback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a callback is signed: {@code Jobqueue-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code t + "." + body} under the tenant's secret. The timestamp is inside the signed text, so a
 * receiver that rejects a {@code t} older than {@link #TOLERANCE_SECONDS} rejects replays too.
 */
public final class CallbackSignature {
  public static final String HEADER = "Jobqueue-Signature";
  public static final String DELIVERY_HEADER = "Jobqueue-Delivery";

  /** How old a signature a receiver should accept: five minutes. */
  public static final long TOLERANCE_SECONDS = 300;

  private CallbackSignature() {}

  /** The header value for {@code body} sent at {@code unixSeconds}. */
  public static String header(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds, body);
  }

  /** The hex HMAC-SHA256 of {@code unixSeconds + "." + body} under {@code secret}. */
  public static String hmac(String secret, long unixSeconds, byte[] body) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  /**
   * What a receiver checks: {@code header} signs {@code body} under {@code secret}, and its time is
   * within {@link #TOLERANCE_SECONDS} of {@code nowUnixSeconds}. Compares in constant time.
   */
  public static boolean verify(String secret, String header, byte[] body, long nowUnixSeconds) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t") && kv[1].matches("\\d{1,19}")) {
        t = Long.parseLong(kv[1]);
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    if (t == null || v1 == null || Math.abs(nowUnixSeconds - t) > TOLERANCE_SECONDS) {
      return false;
    }
    return MessageDigest.isEqual(
        hmac(secret, t, body).getBytes(StandardCharsets.US_ASCII),
        v1.getBytes(StandardCharsets.US_ASCII));
  }
}
