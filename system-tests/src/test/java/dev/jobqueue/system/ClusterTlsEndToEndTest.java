package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.App;
import dev.jobqueue.testing.ClusterServer;
import dev.jobqueue.testing.JarProcess;
import dev.jobqueue.testing.LocalStack;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product on a Temporal cluster whose frontend requires mutual TLS: the certificates are
 * made by the test, and every process is given its client certificate through the SDK's environment
 * variables ({@code TEMPORAL_TLS_CLIENT_CERT_PATH}, {@code ..._KEY_PATH}, {@code
 * TEMPORAL_TLS_SERVER_CA_CERT_PATH}), as a user sets them for the {@code temporal} CLI. A worker
 * without a certificate is refused by the server and stops, saying so; one with a certificate and
 * no key does not start, and says why.
 */
@OnTemporalCluster
class ClusterTlsEndToEndTest {
  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    stack = Harness.stack(work).temporal(ClusterServer::startWithMutualTls).start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
      stack = null;
    }
  }

  @Test
  void emailJobSucceedsOverMutualTls() throws Exception {
    assertThat(stack.temporal().clientEnvironment())
        .containsKeys("TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CLIENT_KEY_PATH");
    var health = stack.process(App.API_SERVER).admin("/healthcheck");
    assertThat(health.body()).contains("mutual TLS");

    var response =
        api.post(
            "/v1/jobs",
            """
            {"type": "email", "payload": {"to": ["tls@example.com"], "subject": "Over mTLS",
             "text": "Every hop to Temporal carried a client certificate."}}\
            """);
    assertThat(response.status()).as("POST /v1/jobs: %s", response.json()).isEqualTo(202);
    String jobId = response.json().path("jobId").asText();

    var last = new AtomicReference<String>();
    await(jobId + " SUCCEEDED")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last.set(api.job(jobId).path("status").asText());
              return last.get().equals("SUCCEEDED");
            });
    await("the message at the SMTP server")
        .atMost(Duration.ofMinutes(1))
        .until(() -> subjectsTo("tls@example.com").contains("Over mTLS"));
  }

  /**
   * The server ends the handshake (TLS 1.3: certificate required); the SDK's worker start asks for
   * the namespace first, so the process stops at start-up, with the reason, instead of polling
   * nothing. (A process with no worker reports it in its {@code temporal} health check instead.)
   */
  @Test
  void aWorkerWithoutAClientCertificateIsRefusedAndStopsSayingWhy() throws Exception {
    var env = processEnv("no-cert");
    env.remove("TEMPORAL_TLS_CLIENT_CERT_PATH");
    env.remove("TEMPORAL_TLS_CLIENT_KEY_PATH");
    Path logs = work.resolve("no-cert-logs");

    try (var worker = launch(env, "no-cert-logs")) {
      await("the process to exit").atMost(Duration.ofMinutes(2)).until(() -> !worker.isAlive());
    }
    assertThat(Files.readString(logs.resolve(App.WORKER_PDF.module() + ".log")))
        .contains("The workers cannot start: Temporal at " + stack.temporal().target() + " (TLS)")
        .contains("CERTIFICATE_REQUIRED")
        .contains("TEMPORAL_TLS_CLIENT_CERT_PATH");
  }

  @Test
  void aCertificateWithoutItsKeyStopsTheProcessAtStartUpNamingTheVariable() throws Exception {
    var env = processEnv("cert-only");
    env.remove("TEMPORAL_TLS_CLIENT_KEY_PATH");
    Path logs = work.resolve("cert-only-logs");

    try (var worker = launch(env, "cert-only-logs")) {
      await("the process to exit").atMost(Duration.ofMinutes(2)).until(() -> !worker.isAlive());
    }
    assertThat(Files.readString(logs.resolve(App.WORKER_PDF.module() + ".log")))
        .contains("TEMPORAL_TLS_CLIENT_CERT_PATH is set but TEMPORAL_TLS_CLIENT_KEY_PATH")
        .contains("set both");
  }

  /** The stack's Temporal settings for one more pdf worker, with a report directory of its own. */
  private static Map<String, String> processEnv(String name) {
    var env = new LinkedHashMap<>(stack.temporal().clientEnvironment());
    env.put("REPORT_STORE_DIR", work.resolve(name + "-reports").toString());
    return env;
  }

  private static JarProcess launch(Map<String, String> env, String logs) throws Exception {
    return JarProcess.launch(
        Harness.CHECKOUT, App.WORKER_PDF, env, App.WORKER_PDF.defaultHeap(), work.resolve(logs));
  }

  private static List<String> subjectsTo(String address) throws Exception {
    var subjects = new ArrayList<String>();
    if (!Files.isDirectory(stack.mailDir())) {
      return subjects;
    }
    var session = Session.getInstance(new Properties());
    try (var files = Files.list(stack.mailDir())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          var message = new MimeMessage(session, in);
          for (var to : message.getAllRecipients()) {
            if (to.toString().equals(address)) {
              subjects.add(message.getSubject());
            }
          }
        }
      }
    }
    return subjects;
  }
}
