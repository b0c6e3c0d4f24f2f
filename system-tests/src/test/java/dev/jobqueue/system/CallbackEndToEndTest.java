package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.jobqueue.callback.CallbackSignature;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Completion callbacks through the whole product: a real receiver on loopback (allowed here, as in
 * development), refusing the first two attempts of each delivery; every callback checked the way a
 * receiver should check one, with the tenant's secret.
 */
class CallbackEndToEndTest {
  private static final String SECRET = "e2e-callback-secret-0123456789abcdef";

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;
  static HttpServer receiver;

  /** A delivery as the receiver took it: its headers and body, and whether it accepted it. */
  record Received(String delivery, String signature, byte[] body, boolean accepted) {}

  static final List<Received> received = new CopyOnWriteArrayList<>();
  static final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();

  @BeforeAll
  static void startStack() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks",
        exchange -> {
          String delivery =
              exchange.getRequestHeaders().getFirst(CallbackSignature.DELIVERY_HEADER);
          byte[] body = exchange.getRequestBody().readAllBytes();
          boolean accept =
              tries.computeIfAbsent(delivery, d -> new AtomicInteger()).incrementAndGet() > 2;
          received.add(
              new Received(
                  delivery,
                  exchange.getRequestHeaders().getFirst(CallbackSignature.HEADER),
                  body,
                  accept));
          exchange.sendResponseHeaders(accept ? 204 : 503, -1);
          exchange.close();
        });
    receiver.start();
    stack =
        Harness.stack(work)
            .env(
                Map.of(
                    "CALLBACKS_ALLOW_HTTP", "true",
                    "CALLBACKS_ALLOW_PRIVATE_NETWORKS", "true",
                    "CALLBACK_SECRETS", "acme=" + SECRET))
            .start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    receiver.stop(0);
  }

  private static String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
  }

  private static String submit(String to) throws Exception {
    var response =
        api.post(
            "/v1/jobs",
            """
            {"type": "email", "callback": "%s", "payload": {"to": ["%s"], "subject": "Receipt",
             "text": "Thanks"}}\
            """
                .formatted(url(), to));
    assertThat(response.status()).as("%s", response.json()).isEqualTo(202);
    return response.json().path("jobId").asText();
  }

  /** The accepted delivery of {@code jobId}'s {@code status}, once there is one. */
  private static Received awaitAccepted(String jobId, String status) {
    String delivery = jobId + "/" + status + "/0";
    return await(delivery + " accepted")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                received.stream()
                    .filter(r -> r.delivery().equals(delivery) && r.accepted())
                    .findFirst()
                    .orElse(null),
            r -> r != null);
  }

  private static JsonNode verified(Received delivery) throws Exception {
    long now = Instant.now().getEpochSecond();
    assertThat(CallbackSignature.verify(SECRET, delivery.signature(), delivery.body(), now))
        .as("signature %s", delivery.signature())
        .isTrue();
    assertThat(
            CallbackSignature.verify(
                "not-the-secret-0123456789", delivery.signature(), delivery.body(), now))
        .isFalse();
    // the client library's check, as a receiver would run it, agrees with the server's signing
    assertThat(
            dev.jobqueue.client.CallbackSignature.verify(
                SECRET,
                delivery.signature(),
                delivery.body(),
                Instant.ofEpochSecond(now),
                java.time.Duration.ofMinutes(5)))
        .isTrue();
    return ApiClient.JSON.readTree(delivery.body());
  }

  private static List<Received> attemptsOf(String jobId, String status) {
    String delivery = jobId + "/" + status + "/0";
    return received.stream().filter(r -> r.delivery().equals(delivery)).toList();
  }

  @Test
  void aSucceededEmailIsCalledBackSignedAfterTheReceiverRefusedTwice() throws Exception {
    String jobId = submit("ada@example.com");

    var accepted = awaitAccepted(jobId, "SUCCEEDED");
    JsonNode body = verified(accepted);
    assertThat(body.path("jobId").asText()).isEqualTo(jobId);
    assertThat(body.path("type").asText()).isEqualTo("email");
    assertThat(body.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(body.path("result").path("messageId").asText()).contains(jobId);
    var attempts = attemptsOf(jobId, "SUCCEEDED");
    assertThat(attempts).extracting(Received::accepted).containsExactly(false, false, true);
    // every attempt is signed anew, over the same body
    for (Received attempt : attempts) {
      assertThat(attempt.body()).isEqualTo(accepted.body());
    }
    assertThat(api.status(jobId)).isEqualTo("SUCCEEDED");
  }

  @Test
  void aBouncedEmailIsCalledBackDeadLettered() throws Exception {
    String jobId = submit("bounce@simulator.jobqueue.test");

    JsonNode body = verified(awaitAccepted(jobId, "DEAD_LETTERED"));
    assertThat(body.path("status").asText()).isEqualTo("DEAD_LETTERED");
    assertThat(body.path("lastError").path("type").asText()).isEqualTo("SmtpRejected");
    assertThat(attemptsOf(jobId, "DEAD_LETTERED")).hasSize(3);
  }

  @Test
  void refusesACallbackThatIsNotHttpNamingTheField() throws Exception {
    // this stack allows http and private networks; any other scheme is still a 400
    var response =
        api.post(
            "/v1/jobs",
            """
            {"type": "email", "callback": "ftp://127.0.0.1/hooks", "payload": {"to":
             ["ada@example.com"], "subject": "Receipt", "text": "Thanks"}}\
            """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("callback");
  }
}
