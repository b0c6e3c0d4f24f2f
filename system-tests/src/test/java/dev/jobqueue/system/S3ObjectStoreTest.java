package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobqueue.store.objects.ObjectStore;
import dev.jobqueue.store.objects.S3ObjectStore;
import dev.jobqueue.testing.MinioServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object-store contract on a real S3-compatible server (MinIO), and presigned reads. */
class S3ObjectStoreTest extends ObjectStoreContract {
  private static final String BUCKET = "contract";

  @TempDir static Path work;
  static MinioServer minio;
  static final List<S3ObjectStore> opened = new ArrayList<>();

  @BeforeAll
  static void startMinio() throws Exception {
    var missing = MinioServer.missing();
    assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    minio = MinioServer.start(work.resolve("minio"), work.resolve("logs"));
    minio.createBucket(BUCKET);
  }

  @AfterAll
  static void stopMinio() {
    opened.forEach(S3ObjectStore::close);
    if (minio != null) {
      minio.close();
    }
  }

  @Override
  ObjectStore store() {
    // a prefix of its own per test: the keys of one never show in another's listing
    var store = minio.store(BUCKET, "t-" + UUID.randomUUID() + "/");
    opened.add(store);
    return store;
  }

  @Test
  void aPresignedUrlReadsTheObjectWithoutCredentials() throws Exception {
    ObjectStore store = store();
    store.put("reports/r.pdf", "%PDF-1.7 pretend".getBytes(StandardCharsets.UTF_8));
    var http = HttpClient.newHttpClient();

    var url = store.presign("reports/r.pdf", Duration.ofMinutes(5)).orElseThrow();
    var response =
        http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("%PDF-1.7 pretend");

    var named =
        store
            .presign(
                "reports/r.pdf",
                Duration.ofMinutes(5),
                "application/pdf",
                "attachment; filename=\"job-1.pdf\"")
            .orElseThrow();
    var download =
        http.send(HttpRequest.newBuilder(named).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(download.headers().firstValue("Content-Disposition"))
        .hasValue("attachment; filename=\"job-1.pdf\"");

    // the same key without a signature is refused: the bucket is not public
    var bare = new java.net.URI(url.getScheme(), url.getAuthority(), url.getPath(), null, null);
    assertThat(
            http.send(HttpRequest.newBuilder(bare).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void anUnreachableServerIsAnIoErrorNamingTheBucket() throws Exception {
    int closed = dev.jobqueue.testing.FreePorts.next();
    try (var store =
        new S3ObjectStore(
            java.net.URI.create("http://127.0.0.1:" + closed),
            null,
            "us-east-1",
            true,
            "k",
            "s",
            "nowhere",
            "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("a", new byte[1]))
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("s3://nowhere/a");
    }
  }
}
