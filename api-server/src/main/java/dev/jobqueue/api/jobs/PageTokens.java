package dev.jobqueue.api.jobs;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The page tokens clients see: Temporal's own token behind a check digest of it and of the list it
 * belongs to. A token that was mangled, made up or taken from another list is refused with a 400
 * instead of reaching Temporal, which answers those with an unspecific error. Not a secret: the
 * token only says where a list left off, and the query it is used with is the caller's own.
 */
public final class PageTokens {
  private static final int CHECK_BYTES = 8;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private PageTokens() {}

  public static String wrap(String scope, ByteString temporalToken) {
    byte[] token = temporalToken.toByteArray();
    byte[] out = new byte[CHECK_BYTES + token.length];
    System.arraycopy(check(scope, token), 0, out, 0, CHECK_BYTES);
    System.arraycopy(token, 0, out, CHECK_BYTES, token.length);
    return ENCODER.encodeToString(out);
  }

  /**
   * Temporal's token inside {@code clientToken}; null if it is not one we handed out for {@code
   * scope}.
   */
  public static ByteString unwrap(String scope, String clientToken) {
    byte[] decoded;
    try {
      decoded = Base64.getUrlDecoder().decode(clientToken);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (decoded.length <= CHECK_BYTES) {
      return null;
    }
    byte[] token = Arrays.copyOfRange(decoded, CHECK_BYTES, decoded.length);
    byte[] expected = Arrays.copyOf(check(scope, token), CHECK_BYTES);
    return MessageDigest.isEqual(Arrays.copyOf(decoded, CHECK_BYTES), expected)
        ? ByteString.copyFrom(token)
        : null;
  }

  private static byte[] check(String scope, byte[] token) {
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update(scope.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return sha.digest(token);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
