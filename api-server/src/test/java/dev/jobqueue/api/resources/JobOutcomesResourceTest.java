package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.report.RenderProgress;
import dev.jobqueue.report.ReportActivities;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.report.ReportWorkflowImpl;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jobs that run: the real job workflows on the test server, with stand-in activities in place of
 * SMTP and PDFBox, seen through the API as a client sees them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobOutcomesResourceTest {
  private static final byte[] PDF_BYTES =
      "%PDF-1.7\n% a stand-in report\n".getBytes(StandardCharsets.US_ASCII);
  private static final CountDownLatch RELEASE_RENDER = new CountDownLatch(1);

  private static final TestApi API = new TestApi();

  static {
    var email = API.worker(TaskQueues.EMAIL);
    email.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    email.registerActivitiesImplementations(new StandInRelay());
    var pdf = API.worker(TaskQueues.PDF);
    pdf.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    pdf.registerActivitiesImplementations(new StandInRenderer());
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    RELEASE_RENDER.countDown();
    API.close();
  }

  /** Accepts every message, except to bounce@ which it refuses for good. */
  static final class StandInRelay implements EmailActivities {
    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      if (job.message().to().contains("bounce@simulator.jobqueue.test")) {
        throw ApplicationFailure.newNonRetryableFailure("550 5.1.1 no such user", "SmtpRejected");
      }
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  /** Writes a tiny file to the store; a report titled "slow" reports progress and waits. */
  static final class StandInRenderer implements ReportActivities {
    @Override
    public ReportResult renderReport(ReportJob job) {
      if ("slow".equals(job.title())) {
        Activity.getExecutionContext().heartbeat(new RenderProgress(3, 10, null));
        try {
          RELEASE_RENDER.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      String file = job.job().jobId() + ".pdf";
      try {
        Files.write(API.reportStore.resolve(file), PDF_BYTES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new ReportResult(file, 1, PDF_BYTES.length, "ab12", job.rowCount(), 0, 0, 1);
    }

    @Override
    public void discardReport(ReportJob job) {}
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await("job " + jobId + " " + status)
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> ApiCalls.json(ACME.get("/v1/jobs/" + jobId)),
            job -> status.equals(job.path("status").asText()));
  }

  @Test
  void showsASucceededEmailsDeliveryAsItsResult() {
    String jobId = ACME.submit(Payloads.EMAIL);

    JsonNode job = awaitStatus(jobId, "SUCCEEDED");

    assertThat(job.get("result").get("messageId").asText()).isEqualTo("<" + jobId + "@test>");
    assertThat(job.get("attempt").asInt()).as("the attempt that succeeded").isEqualTo(1);
    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("application/json");
      assertThat(ApiCalls.json(response).get("accepted").get(0).asText())
          .isEqualTo("ada@example.com");
    }
  }

  @Test
  void servesASucceededReportsPdf() {
    String jobId = ACME.submit(Payloads.PDF);

    JsonNode job = awaitStatus(jobId, "SUCCEEDED");

    assertThat(job.get("result").get("pages").asInt()).isEqualTo(1);
    assertThat(job.get("result").get("rows").asLong()).isEqualTo(100);
    assertThat(job.get("result").has("file")).as("the store's file name stays inside").isFalse();
    assertThat(job.get("result").get("download").asText())
        .isEqualTo("/v1/jobs/" + jobId + "/result");
    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).isEqualTo("application/pdf");
      assertThat(response.readEntity(byte[].class)).isEqualTo(PDF_BYTES);
    }
  }

  @Test
  void answers410WhenASucceededReportLeftTheStore() throws IOException {
    String jobId = ACME.submit(Payloads.PDF);
    awaitStatus(jobId, "SUCCEEDED");
    Files.delete(API.reportStore.resolve(jobId + ".pdf"));

    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(410);
    }
  }

  @Test
  void showsADeadLetteredJobsErrorAndRefusesItsResultAndCancel() {
    String jobId =
        ACME.submit(Payloads.EMAIL.replace("ada@example.com", "bounce@simulator.jobqueue.test"));

    JsonNode job = awaitStatus(jobId, "DEAD_LETTERED");

    assertThat(job.get("lastError").get("type").asText()).isEqualTo("SmtpRejected");
    assertThat(job.get("lastError").get("message").asText()).isEqualTo("550 5.1.1 no such user");
    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(409);
    }
    try (Response response = ACME.delete("/v1/jobs/" + jobId)) {
      assertThat(response.getStatus()).isEqualTo(409);
    }
  }

  @Test
  void showsARunningReportsProgressFromItsHeartbeat() {
    String jobId = ACME.submit(Payloads.PDF.replace("\"March\"", "\"slow\""));

    JsonNode job =
        await("progress of " + jobId)
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> ApiCalls.json(ACME.get("/v1/jobs/" + jobId)),
                j -> j.path("progress").isObject());

    assertThat(job.get("status").asText()).isEqualTo("RUNNING");
    assertThat(job.get("attempt").asInt()).isEqualTo(1);
    assertThat(job.get("progress").get("done").asLong()).isEqualTo(3);
    assertThat(job.get("progress").get("total").asLong()).isEqualTo(10);
    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(409);
    }
    RELEASE_RENDER.countDown();
    awaitStatus(jobId, "SUCCEEDED");
  }
}
