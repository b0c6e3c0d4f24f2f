package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.jobs.ReportFiles;
import dev.jobqueue.report.ReportActivities;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.report.ReportWorkflowImpl;
import dev.jobqueue.store.objects.DirectoryObjectStore;
import dev.jobqueue.store.objects.ForwardingObjectStore;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /v1/jobs/{id}/result of a report kept in an object store, which may or may not presign. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ReportDownloadResourceTest {
  private static final byte[] PDF_BYTES =
      "%PDF-1.7\n% a stand-in report\n".getBytes(StandardCharsets.US_ASCII);
  private static final Duration EXPIRY = Duration.ofMinutes(7);
  private static final Presigning STORE = new Presigning(bucket());

  private static final TestApi API = new TestApi().reportFiles(new ReportFiles(STORE, EXPIRY));

  static {
    var pdf = API.worker(TaskQueues.PDF);
    pdf.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    pdf.registerActivitiesImplementations(new StandInRenderer());
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  private static Path bucket() {
    try {
      return Files.createTempDirectory("bucket");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    API.close();
  }

  @AfterEach
  void noPresigning() {
    STORE.signer.set(null);
    STORE.down = false;
  }

  /** A directory store that presigns, as S3 does, once told how. */
  static final class Presigning extends ForwardingObjectStore {
    final AtomicReference<String> signer = new AtomicReference<>();
    volatile Duration lastExpiry;
    volatile String lastDisposition;
    volatile boolean down;

    Presigning(Path root) {
      super(new DirectoryObjectStore(root));
    }

    @Override
    public Optional<URI> presign(
        String key, Duration expiry, String contentType, String contentDisposition) {
      lastExpiry = expiry;
      lastDisposition = contentType + "; " + contentDisposition;
      String host = signer.get();
      return host == null
          ? Optional.empty()
          : Optional.of(URI.create("https://" + host + "/reports/" + key + "?X-Amz-Signature=f00"));
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
      if (down) {
        throw new IOException("HEAD s3://reports/" + key + " failed: connection refused");
      }
      return super.stat(key);
    }
  }

  /** Uploads a tiny report, as the pdf fleet does with an object store. */
  static final class StandInRenderer implements ReportActivities {
    @Override
    public ReportResult renderReport(ReportJob job) {
      String file = job.job().jobId() + ".pdf";
      try {
        STORE.put(file, PDF_BYTES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ReportResult(file, 1, PDF_BYTES.length, "ab12", job.rowCount(), 0, 0, 1);
    }

    @Override
    public void discardReport(ReportJob job) {}
  }

  private static String succeededReport() {
    String jobId = ACME.submit(Payloads.PDF);
    await("job " + jobId + " SUCCEEDED")
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> ApiCalls.json(ACME.get("/v1/jobs/" + jobId)).path("status").asText(),
            "SUCCEEDED"::equals);
    return jobId;
  }

  private static Response result(String jobId) {
    return RESOURCES
        .target("/v1/jobs/" + jobId + "/result")
        .property(ClientProperties.FOLLOW_REDIRECTS, false)
        .request()
        .header("Authorization", "Bearer " + TestApi.ACME_KEY)
        .get();
  }

  @Test
  void redirectsToAPresignedUrlWhenTheStoreCanMakeOne() {
    String jobId = succeededReport();
    STORE.signer.set("bucket.example");

    try (Response response = result(jobId)) {
      assertThat(response.getStatus()).isEqualTo(302);
      assertThat(response.getLocation())
          .isEqualTo(
              URI.create("https://bucket.example/reports/" + jobId + ".pdf?X-Amz-Signature=f00"));
      assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
    }
    assertThat(STORE.lastExpiry).isEqualTo(EXPIRY);
    // the store's URL answers as the API would: a PDF attachment named after the job
    assertThat(STORE.lastDisposition)
        .isEqualTo("application/pdf; attachment; filename=\"" + jobId + ".pdf\"");
  }

  @Test
  void aStoreThatDoesNotAnswerIsA503WithRetryAfter() {
    String jobId = succeededReport();
    STORE.down = true;

    try (Response response = result(jobId)) {
      assertThat(response.getStatus()).isEqualTo(503);
      assertThat(response.getHeaderString("Retry-After")).isNotBlank();
      assertThat(response.readEntity(String.class)).contains("report-store-unavailable");
    }
  }

  @Test
  void streamsTheObjectWhenTheStoreCannotPresign() {
    String jobId = succeededReport();

    try (Response response = result(jobId)) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).isEqualTo("application/pdf");
      assertThat(response.getHeaderString("Content-Disposition"))
          .isEqualTo("attachment; filename=\"" + jobId + ".pdf\"");
      assertThat(response.getEntityTag().getValue()).isEqualTo("ab12");
      assertThat(response.readEntity(byte[].class)).isEqualTo(PDF_BYTES);
    }
  }

  @Test
  void answers410WhenTheObjectIsGoneWhetherOrNotTheStorePresigns() throws IOException {
    String jobId = succeededReport();
    STORE.delete(jobId + ".pdf");

    try (Response response = result(jobId)) {
      assertThat(response.getStatus()).isEqualTo(410);
      assertThat(ApiCalls.json(response).path("type").asText()).contains("report-gone");
    }
    STORE.signer.set("bucket.example");
    try (Response response = result(jobId)) {
      assertThat(response.getStatus()).isEqualTo(410);
    }
  }
}
