package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.report.RenderProgress;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.DevServer;
import dev.jobqueue.testing.FreePorts;
import dev.jobqueue.testing.JarProcess;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two fleets as separate OS processes, started from their jars, against the real Temporal dev
 * server and a real SMTP server.
 */
class JobsEndToEndTest {
  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(
          new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @TempDir static Path work;
  static DevServer temporal;
  static Jobs jobs;

  @BeforeAll
  static void startTemporal() throws Exception {
    temporal = DevServer.start(work.resolve("temporal"), Harness.LOGS);
    jobs = new Jobs(temporal.client());
  }

  @AfterAll
  static void stopTemporal() throws Exception {
    temporal.close();
  }

  private static Map<String, String> commonEnv() {
    return Map.of("TEMPORAL_ADDRESS", temporal.target());
  }

  static JarProcess startEmailWorker() throws Exception {
    var env = new java.util.HashMap<>(commonEnv());
    env.put("SMTP_HOST", "127.0.0.1");
    env.put("SMTP_PORT", Integer.toString(SMTP.getSmtp().getPort()));
    return JarProcess.start(Harness.CHECKOUT, App.WORKER_EMAIL, env, "256m", Harness.LOGS);
  }

  static JarProcess startPdfWorker() throws Exception {
    var env = new java.util.HashMap<>(commonEnv());
    // checkpoints reach the server within a second, so the crash test can catch one mid-render
    env.put("PDF_WORKER_HEARTBEAT_THROTTLE", "PT1S");
    env.put("REPORT_STORE_DIR", work.resolve("reports").toString());
    env.put("REPORT_PAGES_PER_PART", "100");
    // the heap cap the 1,000,000-row report must fit in
    return JarProcess.start(Harness.CHECKOUT, App.WORKER_PDF, env, "512m", Harness.LOGS);
  }

  private static List<MimeMessage> mailTo(String address) {
    return java.util.Arrays.stream(SMTP.getReceivedMessages())
        .filter(m -> recipients(m).contains(address))
        .toList();
  }

  private static List<String> recipients(MimeMessage message) {
    try {
      return java.util.Arrays.stream(message.getAllRecipients()).map(Object::toString).toList();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  @SuppressWarnings("try") // the resource is a process kept running for the block
  void emailAndReportJobsComplete() throws Exception {
    try (var email = startEmailWorker();
        var pdf = startPdfWorker()) {
      var mail = new JobRef("welcome-1", "acme");
      var report = new JobRef("statement-1", "acme");
      jobs.startEmail(mail, "ada@example.com", "Welcome");
      jobs.startReport(report, 5_000);

      SendEmailResult sent = jobs.result(mail, SendEmailResult.class);
      ReportResult rendered = jobs.result(report, ReportResult.class);

      assertThat(sent.accepted()).containsExactly("ada@example.com");
      List<MimeMessage> received = mailTo("ada@example.com");
      assertThat(received).hasSize(1);
      assertThat(received.get(0).getSubject()).isEqualTo("Welcome");
      assertThat(received.get(0).getMessageID()).isEqualTo(sent.messageId());
      assertThat(jobs.status(mail)).isEqualTo("SUCCEEDED");

      Path file = work.resolve("reports").resolve(rendered.file());
      try (var document = Loader.loadPDF(file.toFile())) {
        assertThat(document.getNumberOfPages())
            .isEqualTo(rendered.pages())
            .isEqualTo(5_000 / 40 + 1);
      }
      assertThat(sha256(file)).isEqualTo(rendered.sha256());
      assertThat(jobs.status(report)).isEqualTo("SUCCEEDED");

      // job metrics are recorded by the workflows and reported within a second or so
      await("job metrics")
          .atMost(Duration.ofMinutes(2))
          .until(
              () -> email.admin("/metrics").body(),
              body ->
                  body.contains("jobqueue_jobs_succeeded_total{")
                      && body.contains("jobqueue_job_duration_seconds_bucket{"));
      // each fleet exposes Prometheus text with the Temporal SDK's own metrics, and is healthy
      for (var worker : List.of(email, pdf)) {
        var metrics = worker.admin("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("temporal_").contains("jvm_memory_used_bytes");
        assertThat(worker.admin("/healthcheck").body())
            .contains("\"temporal\"")
            .contains("\"worker\"");
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is a process kept running for the block
  void reportResumesFromCheckpointAfterWorkerIsKilled() throws Exception {
    var report = new JobRef("statement-crash", "acme");
    RenderProgress beforeCrash;
    try (var doomed = startPdfWorker()) {
      jobs.startReport(report, 600_000);
      beforeCrash =
          await("a checkpoint of at least two parts")
              .atMost(Duration.ofMinutes(2))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> jobs.lastHeartbeat(report).orElse(null),
                  p -> p != null && p.checkpoint().partsDone() >= 2);
      doomed.kill();
    }

    try (var replacement = startPdfWorker()) {
      ReportResult result = jobs.result(report, ReportResult.class);

      assertThat(result.pages()).isEqualTo(600_000 / 40 + 1);
      assertThat(result.resumedFromPage())
          .isGreaterThanOrEqualTo(beforeCrash.checkpoint().pagesDone());
      assertThat(result.pagesRendered()).isLessThan(result.pages());
      assertThat(result.resumedFromPage() + result.pagesRendered()).isEqualTo(result.pages());
      try (var document = Loader.loadPDF(work.resolve("reports").resolve(result.file()).toFile())) {
        assertThat(document.getNumberOfPages()).isEqualTo(result.pages());
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is a process kept running for the block
  void sigtermLetsTheInFlightRenderFinishAndExitsZero() throws Exception {
    var report = new JobRef("statement-drain", "acme");
    try (var draining = startPdfWorker()) {
      jobs.startReport(report, 300_000);
      await("the render under way")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> jobs.lastHeartbeat(report).isPresent());

      assertThat(draining.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
    }

    // the render finished inside the grace period; a worker is needed only to close the workflow
    try (var next = startPdfWorker()) {
      ReportResult result = jobs.result(report, ReportResult.class);
      assertThat(result.pages()).isEqualTo(300_000 / 40 + 1);
      assertThat(result.resumedFromPage()).as("not retried").isZero();
      assertThat(result.pagesRendered()).isEqualTo(result.pages());
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is a process kept running for the block
  void reportsCompleteWhileTheEmailFleetIsDownAndEmailsWait() throws Exception {
    List<JobRef> mails =
        IntStream.range(0, 3).mapToObj(i -> new JobRef("isolated-mail-" + i, "acme")).toList();
    List<JobRef> reports =
        IntStream.range(0, 2).mapToObj(i -> new JobRef("isolated-report-" + i, "acme")).toList();
    try (var email = startEmailWorker()) {
      assertThat(email.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
    }

    try (var pdf = startPdfWorker()) {
      for (int i = 0; i < mails.size(); i++) {
        jobs.startEmail(mails.get(i), "waiting" + i + "@example.com", "Waiting " + i);
      }
      reports.forEach(r -> jobs.startReport(r, 2_000));

      for (var report : reports) {
        assertThat(jobs.result(report, ReportResult.class).pages()).isEqualTo(2_000 / 40 + 1);
      }
      for (int i = 0; i < mails.size(); i++) {
        assertThat(jobs.status(mails.get(i))).isIn("QUEUED", "RUNNING");
        assertThat(mailTo("waiting" + i + "@example.com")).isEmpty();
      }

      try (var email = startEmailWorker()) {
        for (int i = 0; i < mails.size(); i++) {
          assertThat(jobs.result(mails.get(i), SendEmailResult.class).accepted())
              .containsExactly("waiting" + i + "@example.com");
          assertThat(mailTo("waiting" + i + "@example.com")).hasSize(1);
        }
      }
    }
  }

  @Test
  @SuppressWarnings("try") // the resource is a process kept running for the block
  void millionRowReportRendersWithinA512MiBHeap() throws Exception {
    var report = new JobRef("statement-million", "acme");
    try (var pdf = startPdfWorker()) {
      jobs.startReport(report, 1_000_000);

      ReportResult result = jobs.result(report, ReportResult.class);

      assertThat(result.pages()).isEqualTo(1_000_000 / 40 + 1);
      assertThat(result.rows()).isEqualTo(1_000_000);
      assertThat(result.resumedFromPage()).as("rendered in one attempt, no crash").isZero();
      Path file = work.resolve("reports").resolve(result.file());
      assertThat(Files.size(file)).isEqualTo(result.bytes());
      try (var document = Loader.loadPDF(file.toFile())) {
        assertThat(document.getNumberOfPages()).isEqualTo(result.pages());
      }
    }
  }
}
