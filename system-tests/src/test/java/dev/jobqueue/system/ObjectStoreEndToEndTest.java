package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.store.objects.ObjectStore;
import dev.jobqueue.store.objects.S3ObjectStore;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import dev.jobqueue.testing.MinioServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack with its reports and staged batches in a real S3-compatible store (MinIO), every
 * process on a disk of its own, as on separate hosts: a report is rendered in parts, stored as an
 * object and downloaded through a presigned URL; a batch is staged by the API and sent by the email
 * fleet with nothing on a shared disk; with the store down, a batch is refused with 503 and none is
 * lost, and it is taken again once the store is back.
 */
class ObjectStoreEndToEndTest {
  private static final String BUCKET = "jobqueue";

  @TempDir static Path work;
  static MinioServer minio;
  static S3ObjectStore bucket;
  static RecordingSmtpServer smtp;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    var missing = MinioServer.missing();
    assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    minio = MinioServer.start(work.resolve("minio"), Harness.LOGS);
    minio.createBucket(BUCKET);
    bucket = minio.store(BUCKET, "");
    smtp = new RecordingSmtpServer();
    stack =
        Harness.stack(work)
            .smtpPort(smtp.port())
            .objectStore(minio.environment(BUCKET))
            // a report of several parts, a batch of several chunks
            .env(Map.of("REPORT_PAGES_PER_PART", "20", "BATCH_CHUNK_SIZE", "100"))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (smtp != null) {
      smtp.close();
    }
    if (bucket != null) {
      bucket.close();
    }
    if (minio != null) {
      minio.close();
    }
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await(jobId + " " + status)
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.job(jobId), job -> status.equals(job.path("status").asText()));
  }

  private static List<String> keys(String prefix) throws Exception {
    return bucket.list(prefix).stream().map(ObjectStore.ObjectInfo::key).toList();
  }

  /** Files under {@code dir} whose names end with {@code suffix}: what a process left on disk. */
  private static List<Path> files(Path dir, String suffix) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .toList();
    }
  }

  @Test
  void aReportIsStoredAsAnObjectAndDownloadedThroughAPresignedUrl() throws Exception {
    String jobId =
        api.submit(
                """
                {"type": "pdf", "payload": {"template": "statement", "title": "April",
                 "sample": {"rows": 4000, "seed": 5}}}\
                """)
            .jobId();
    awaitStatus(jobId, "SUCCEEDED");

    var result = api.get("/v1/jobs/" + jobId + "/result");
    assertThat(result.status()).as("%s", result.text()).isEqualTo(302);
    URI location = URI.create(result.headers().firstValue("Location").orElseThrow());
    assertThat(location.getQuery()).contains("X-Amz-Signature=");
    assertThat(result.headers().firstValue("Cache-Control")).hasValue("no-store");

    // the URL alone reads it: no API key, no store credentials
    var pdf =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(location).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).contains(jobId);
    try (var document = Loader.loadPDF(pdf.body())) {
      assertThat(document.getNumberOfPages()).isEqualTo(4000 / 40 + 1);
    }

    // the report is an object, its parts are gone, and no process kept a copy on its disk
    assertThat(keys("reports/")).anyMatch(k -> k.endsWith(".pdf") && !k.contains("parts/"));
    assertThat(keys("reports/parts/")).isEmpty();
    assertThat(files(work.resolve("hosts"), ".pdf")).isEmpty();
    assertThat(files(work.resolve("reports"), ".pdf")).isEmpty();
  }

  private static String batch(String prefix, int recipients) {
    String items =
        IntStream.range(0, recipients)
            .mapToObj(i -> "{\"to\":\"" + prefix + "-" + i + "@example.com\"}")
            .collect(Collectors.joining(","));
    return "{\"type\":\"email-batch\",\"payload\":{\"template\":{\"subject\":\"Hi\","
        + "\"text\":\"Your statement is ready.\"},\"recipients\":["
        + items
        + "]}}";
  }

  private static List<JsonNode> items(String jobId) throws Exception {
    return api.items("/v1/jobs/" + jobId + "/items?pageSize=100");
  }

  private void assertSent(String jobId, String prefix, int recipients) throws Exception {
    awaitStatus(jobId, "SUCCEEDED");
    for (int i = 0; i < recipients; i++) {
      assertThat(smtp.arrivals(prefix + "-" + i + "@example.com"))
          .as("%s-%d", prefix, i)
          .hasSize(1);
    }
    List<JsonNode> outcomes = items(jobId);
    assertThat(outcomes).hasSize(recipients);
    assertThat(outcomes)
        .allSatisfy(o -> assertThat(o.path("status").asText()).isEqualTo("accepted"));
  }

  @Test
  void aBatchIsStagedAndSentThroughTheStoreAndRefusedWhileTheStoreIsDown() throws Exception {
    String jobId = api.submit(batch("obj", 250)).jobId();
    assertSent(jobId, "obj", 250);
    List<String> staged = keys("batches/");
    assertThat(staged).anyMatch(k -> k.endsWith("/manifest.json"));
    assertThat(staged.stream().filter(k -> k.contains("/chunk-"))).hasSize(3);
    assertThat(staged).anyMatch(k -> k.contains("/outcome-"));
    assertThat(files(work.resolve("hosts"), ".jsonl")).isEmpty();
    assertThat(files(work.resolve("batches"), ".json")).isEmpty();

    minio.stop();
    try {
      var refused = api.post("/v1/jobs", batch("down", 10));
      assertThat(refused.status()).as("%s", refused.text()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.json().path("type").asText()).contains("batch-store-unavailable");
    } finally {
      minio.restart();
    }
    // the same request, once the store is back: taken, and sent
    String again = api.submit(batch("down", 10)).jobId();
    assertSent(again, "down", 10);
  }
}
