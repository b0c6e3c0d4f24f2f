package dev.jobqueue.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {
  private static final String SECRET = "whsec_test_secret_0123456789";
  private static final byte[] BODY =
      "{\"jobId\":\"j1\",\"status\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);
  private static final long T = 1_767_225_600L; // 2026-01-01T00:00:00Z

  /** Computed apart: printf '%s' "$T.$BODY" | openssl dgst -sha256 -hmac "$SECRET". */
  private static final String KNOWN =
      "c00c89d630fa360d720c015cbb2cea81da2a0fd5e66ff48c44a55da6e23d357f";

  @Test
  void signsTimestampDotBodyWithHmacSha256() {
    assertThat(CallbackSignature.hmac(SECRET, T, BODY)).isEqualTo(KNOWN);
    assertThat(CallbackSignature.header(SECRET, T, BODY)).isEqualTo("t=" + T + ",v1=" + KNOWN);
  }

  @Test
  void verifiesItsOwnSignatureWithinFiveMinutes() {
    String header = CallbackSignature.header(SECRET, T, BODY);
    assertThat(CallbackSignature.verify(SECRET, header, BODY, T + 300)).isTrue();
    assertThat(CallbackSignature.verify(SECRET, header, BODY, T + 301)).isFalse();
  }

  @Test
  void rejectsAnotherSecretAnotherBodyOrAMovedTimestamp() {
    String header = CallbackSignature.header(SECRET, T, BODY);
    assertThat(CallbackSignature.verify("another_secret_0123456789", header, BODY, T)).isFalse();
    assertThat(
            CallbackSignature.verify(
                SECRET, header, "{\"status\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8), T))
        .isFalse();
    assertThat(CallbackSignature.verify(SECRET, header.replace("t=" + T, "t=" + (T + 1)), BODY, T))
        .isFalse();
    assertThat(CallbackSignature.verify(SECRET, null, BODY, T)).isFalse();
    assertThat(CallbackSignature.verify(SECRET, "v1=" + KNOWN, BODY, T)).isFalse();
  }
}
