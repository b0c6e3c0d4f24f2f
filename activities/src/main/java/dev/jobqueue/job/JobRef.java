package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Objects;

/**
 * Who a job belongs to. Every job input carries one; effects derive their identity from it (the
 * email {@code Message-ID}, the report file name), so an at-least-once redelivery is recognisable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRef(String jobId, String tenant) {
  public JobRef {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** The Temporal workflow id: tenants share a namespace, so the tenant is part of the id. */
  public String workflowId() {
    return tenant + "/" + jobId;
  }

  /**
   * The job's name in a file store (reports, staged batches). Readable parts of tenant and job id
   * make it recognisable; a digest of both, exactly, makes it unambiguous whatever they hold (two
   * ids that clean up alike, case-insensitive file systems) and keeps it short.
   */
  public String fileStem() {
    String exact = tenant.length() + ":" + tenant + "/" + jobId;
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(exact.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return readable(tenant, 32)
          + "_"
          + readable(jobId, 64)
          + "_"
          + java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String readable(String text, int max) {
    String safe = text.replaceAll("[^A-Za-z0-9-]", "-");
    return safe.length() <= max ? safe : safe.substring(0, max);
  }
}
