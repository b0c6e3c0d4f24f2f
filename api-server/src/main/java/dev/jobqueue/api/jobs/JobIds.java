package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Job ids: 22 URL-safe characters (128 bits), random when the client sent no Idempotency-Key,
 * otherwise derived from the tenant and the key, so that a retry of the same request lands on the
 * same workflow id and Temporal itself refuses the duplicate.
 */
public final class JobIds {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final int MAX_KEY_LENGTH = 255;

  /** What an Idempotency-Key must be, in the words a 400 uses. */
  public static final String KEY_RULE =
      "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters";

  private static final int BYTES = 16;

  /** Ids this API hands out, and the others a job may have (tests, redrives): never a slash. */
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9_.~-]{1,128}");

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();

  public String random() {
    byte[] bytes = new byte[BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** True for a key that names a job: 1 to 255 printable ASCII characters. */
  public static boolean validKey(String key) {
    return !key.isEmpty()
        && key.length() <= MAX_KEY_LENGTH
        && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }

  /** The id an Idempotency-Key names, or 400 if the key is not 1 to 255 printable ASCII. */
  public static String forKey(String tenant, String key) {
    return forKey(tenant, "", key);
  }

  /**
   * The id an Idempotency-Key names among the ids of one kind of operation ({@code scope}, such as
   * {@code bulk-redrive:}), or 400 if the key itself is not 1 to 255 printable ASCII.
   */
  public static String forKey(String tenant, String scope, String key) {
    if (!validKey(key)) {
      throw ApiProblem.invalid(IDEMPOTENCY_KEY, KEY_RULE);
    }
    key = scope + key;
    try {
      // the tenant's length first, so that no (tenant, key) pair can pose as another
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (tenant.length() + ":" + tenant + ":" + key).getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(Arrays.copyOf(digest, BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The id of a job that came without an Idempotency-Key but must not run twice (an {@code
   * email-batch}): derived from the tenant and its canonical request's SHA-256, so that the same
   * request sent again is the same job. Never the id of a key: a key is printable ASCII, and this
   * digest has a NUL where a key's has its colon.
   */
  public static String forRequest(String tenant, String requestSha256) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (tenant.length() + ":" + tenant + "\u0000request:" + requestSha256)
                      .getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(Arrays.copyOf(digest, BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * The id of the job a schedule's firing starts: derived from the tenant and the firing's workflow
   * id (the schedule's, with the time it fired), so that a retried submission is the same job.
   * Never the id of a key or a request: their digests have a colon or {@code request:} where this
   * one has {@code fire:} after the NUL.
   */
  public static String forScheduledFire(String tenant, String fireWorkflowId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (tenant.length() + ":" + tenant + "\u0000fire:" + fireWorkflowId)
                      .getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(Arrays.copyOf(digest, BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** False for ids no job can have: those are answered 404 without asking Temporal. */
  public static boolean plausible(String jobId) {
    return jobId != null && PLAUSIBLE.matcher(jobId).matches();
  }
}
