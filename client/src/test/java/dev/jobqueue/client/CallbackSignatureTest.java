package dev.jobqueue.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {
  private static final String SECRET = "whsec-tenant-acme";
  private static final byte[] BODY =
      "{\"jobId\":\"j1\",\"status\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);
  private static final long T = 1_796_198_400L; // 2026-12-02T08:00:00Z
  private static final Instant AT = Instant.ofEpochSecond(T);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  /** The format's definition, computed here on its own: HMAC-SHA256(secret, t + "." + body). */
  private static String vector(String secret, long t, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] signed =
        (t + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(signed));
  }

  @Test
  void acceptsTheSignatureOfTheBodyAtItsTime() throws Exception {
    String header = vector(SECRET, T, BODY);

    assertThat(CallbackSignature.verify(SECRET, header, BODY, AT.plusSeconds(30), TOLERANCE))
        .isTrue();
    assertThat(CallbackSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), AT, BODY))
        .isEqualTo(header);
  }

  @Test
  void refusesAnotherBodyAnotherSecretOrAnotherTime() throws Exception {
    String header = vector(SECRET, T, BODY);
    byte[] tampered =
        "{\"jobId\":\"j1\",\"status\":\"CANCELLED\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(CallbackSignature.verify(SECRET, header, tampered, AT, TOLERANCE)).isFalse();
    assertThat(CallbackSignature.verify("other", header, BODY, AT, TOLERANCE)).isFalse();
    String moved = header.replace("t=" + T, "t=" + (T + 1));
    assertThat(CallbackSignature.verify(SECRET, moved, BODY, AT, TOLERANCE)).isFalse();
  }

  @Test
  void refusesAReplayPastTheToleranceEitherWay() throws Exception {
    String header = vector(SECRET, T, BODY);

    assertThat(CallbackSignature.verify(SECRET, header, BODY, AT.plus(TOLERANCE), TOLERANCE))
        .isTrue();
    assertThat(
            CallbackSignature.verify(
                SECRET, header, BODY, AT.plus(TOLERANCE).plusSeconds(1), TOLERANCE))
        .isFalse();
    assertThat(
            CallbackSignature.verify(
                SECRET, header, BODY, AT.minus(TOLERANCE).minusSeconds(1), TOLERANCE))
        .isFalse();
  }

  @Test
  void acceptsAnyOfSeveralSignaturesWhileASecretIsRotated() throws Exception {
    String old = vector("old-secret", T, BODY);
    String header = vector(SECRET, T, BODY) + "," + old.substring(old.indexOf("v1="));

    assertThat(CallbackSignature.verify("old-secret", header, BODY, AT, TOLERANCE)).isTrue();
    assertThat(CallbackSignature.verify(SECRET, header, BODY, AT, TOLERANCE)).isTrue();
  }

  @Test
  void refusesMalformedHeaders() {
    for (String header :
        new String[] {null, "", "t=1", "v1=abcd", "t=x,v1=00", "t=" + T + ",v1=zz", "v0=1,t=2"}) {
      assertThat(CallbackSignature.verify(SECRET, header, BODY, AT, TOLERANCE))
          .as("%s", header)
          .isFalse();
    }
  }
}
