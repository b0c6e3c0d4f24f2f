package dev.jobqueue.store.objects;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * An {@link ObjectStore} in an S3 bucket (AWS S3, or any S3-compatible server: MinIO, SeaweedFS,
 * Ceph, R2), every key under a prefix. A PUT is atomic in S3, so an object is whole or absent;
 * {@link #putIfAbsent} is a conditional PUT ({@code If-None-Match: *}). Failures of the service
 * come out as {@link IOException}s naming the bucket, so that callers treat them like a failing
 * disk.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final String prefix;

  /**
   * @param endpoint the service's URL, or null for AWS S3 in {@code region}
   * @param publicEndpoint the URL presigned downloads are signed for, when clients reach the
   *     service by another name than this process does ({@code http://localhost:9000} beside {@code
   *     http://minio:9000}); null for {@code endpoint}
   * @param pathStyle bucket in the path ({@code http://host/bucket/key}), as most S3-compatible
   *     servers want, instead of in the host name
   * @param accessKeyId with {@code secretAccessKey}: static credentials; null or blank for the AWS
   *     SDK's default chain (environment, profile, container or instance role)
   * @param prefix prepended to every key ({@code jobqueue/}); empty for none
   */
  public S3ObjectStore(
      URI endpoint,
      URI publicEndpoint,
      String region,
      boolean pathStyle,
      String accessKeyId,
      String secretAccessKey,
      String bucket,
      String prefix) {
    AwsCredentialsProvider credentials =
        accessKeyId == null || accessKeyId.isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    var configuration = S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build();
    var client =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(configuration);
    var presign =
        S3Presigner.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .serviceConfiguration(configuration);
    if (endpoint != null) {
      client.endpointOverride(endpoint);
    }
    if (publicEndpoint != null || endpoint != null) {
      presign.endpointOverride(publicEndpoint != null ? publicEndpoint : endpoint);
    }
    this.s3 = client.build();
    this.presigner = presign.build();
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix;
  }

  /** The S3 client, for what the store does not do (a test's bucket, a health check). */
  public S3Client client() {
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  private String full(String key) {
    return prefix + key;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run();
  }

  private <T> T call(String what, String key, Call<T> call) throws IOException {
    try {
      return call.run();
    } catch (SdkException e) {
      throw new IOException(
          what + " s3://" + bucket + "/" + full(key) + " failed: " + e.getMessage(), e);
    }
  }

  private PutObjectRequest.Builder putRequest(String key) {
    return PutObjectRequest.builder().bucket(bucket).key(full(key));
  }

  @Override
  public void put(String key, Path file) throws IOException {
    call("PUT", key, () -> s3.putObject(putRequest(key).build(), RequestBody.fromFile(file)));
  }

  @Override
  public void put(String key, byte[] bytes) throws IOException {
    call("PUT", key, () -> s3.putObject(putRequest(key).build(), RequestBody.fromBytes(bytes)));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) throws IOException {
    try {
      call(
          "PUT",
          key,
          () ->
              s3.putObject(putRequest(key).ifNoneMatch("*").build(), RequestBody.fromBytes(bytes)));
      return true;
    } catch (IOException e) {
      // 412: the key is taken; 409: another conditional PUT of it was under way, and won
      if (e.getCause() instanceof S3Exception s3e
          && (s3e.statusCode() == 412 || s3e.statusCode() == 409)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    try {
      return Optional.of(
          call(
              "GET",
              key,
              () ->
                  s3.getObject(GetObjectRequest.builder().bucket(bucket).key(full(key)).build())));
    } catch (IOException e) {
      if (e.getCause() instanceof NoSuchKeyException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public boolean download(String key, Path target) throws IOException {
    Optional<InputStream> in = open(key);
    if (in.isEmpty()) {
      return false;
    }
    try (InputStream stream = in.get()) {
      Files.copy(stream, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (SdkException e) {
      throw new IOException("GET s3://" + bucket + "/" + full(key) + " failed: " + e, e);
    }
    return true;
  }

  @Override
  public Optional<ObjectInfo> stat(String key) throws IOException {
    try {
      var head =
          call(
              "HEAD",
              key,
              () ->
                  s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(full(key)).build()));
      return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified()));
    } catch (IOException e) {
      if (e.getCause() instanceof NoSuchKeyException
          || (e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public List<ObjectInfo> list(String keyPrefix) throws IOException {
    var request = ListObjectsV2Request.builder().bucket(bucket).prefix(full(keyPrefix)).build();
    return call(
        "LIST",
        keyPrefix,
        () -> {
          var objects = new ArrayList<ObjectInfo>();
          // S3 lists in UTF-8 binary order of the keys: the key order the interface promises
          s3.listObjectsV2Paginator(request).contents().stream()
              .forEach(
                  o ->
                      objects.add(
                          new ObjectInfo(
                              o.key().substring(prefix.length()), o.size(), o.lastModified())));
          return objects;
        });
  }

  @Override
  public void delete(String key) throws IOException {
    call("DELETE", key, () -> s3.deleteObject(b -> b.bucket(bucket).key(full(key))));
  }

  @Override
  public Optional<URI> presign(
      String key, Duration expiry, String contentType, String contentDisposition) {
    var get = GetObjectRequest.builder().bucket(bucket).key(full(key));
    if (contentType != null) {
      get.responseContentType(contentType);
    }
    if (contentDisposition != null) {
      get.responseContentDisposition(contentDisposition);
    }
    var url =
        presigner.presignGetObject(r -> r.signatureDuration(expiry).getObjectRequest(get.build()));
    try {
      return Optional.of(url.url().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the presigned URL does not parse: " + url.url(), e);
    }
  }

  @Override
  public String describe() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public void close() {
    presigner.close();
    s3.close();
  }
}
