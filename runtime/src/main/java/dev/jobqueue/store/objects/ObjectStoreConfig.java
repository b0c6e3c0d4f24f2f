package dev.jobqueue.store.objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import java.net.URI;
import java.util.Optional;

/**
 * The {@code objectStore} block of every process's configuration: an S3-compatible bucket that
 * holds the reports and the staged email batches instead of the local directories, so that the API
 * and the worker fleets share no disk. Off (the directories are used) while {@code bucket} is
 * blank. Each store lives under its own part of the bucket: {@code <prefix>reports/}, {@code
 * <prefix>batches/}.
 */
public final class ObjectStoreConfig {
  @JsonProperty private String bucket = "";

  /** The service's URL (MinIO: {@code http://minio:9000}); blank for AWS S3 in the region. */
  @JsonProperty private String endpoint = "";

  /**
   * The URL presigned downloads are signed for, when clients reach the store by another name than
   * the processes do; blank for {@code endpoint}.
   */
  @JsonProperty private String publicEndpoint = "";

  @JsonProperty private String region = "us-east-1";

  /** Bucket in the path rather than the host name: what most S3-compatible servers expect. */
  @JsonProperty private boolean pathStyle = true;

  /** With the secret: static credentials. Blank: the AWS SDK's default chain. */
  @JsonProperty private String accessKeyId = "";

  @JsonProperty private String secretAccessKey = "";

  /** Before every key, for a bucket shared with other uses ({@code jobqueue/}). */
  @JsonProperty private String prefix = "";

  /** How long a presigned report download stays valid. */
  @JsonProperty private Duration presignExpiry = Duration.minutes(15);

  public boolean enabled() {
    return bucket != null && !bucket.isBlank();
  }

  public Duration getPresignExpiry() {
    return presignExpiry;
  }

  /** The store under {@code <prefix><part>} ({@code reports/}), or empty while off. */
  public Optional<ObjectStore> open(String part) {
    if (!enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        new S3ObjectStore(
            uri(endpoint),
            uri(publicEndpoint),
            region,
            pathStyle,
            accessKeyId,
            secretAccessKey,
            bucket.strip(),
            (prefix == null ? "" : prefix) + part));
  }

  private static URI uri(String value) {
    return value == null || value.isBlank() ? null : URI.create(value.strip());
  }

  public ObjectStoreConfig bucket(String bucket) {
    this.bucket = bucket;
    return this;
  }

  public ObjectStoreConfig endpoint(String endpoint) {
    this.endpoint = endpoint;
    return this;
  }

  public ObjectStoreConfig credentials(String accessKeyId, String secretAccessKey) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    return this;
  }

  public ObjectStoreConfig prefix(String prefix) {
    this.prefix = prefix;
    return this;
  }
}
