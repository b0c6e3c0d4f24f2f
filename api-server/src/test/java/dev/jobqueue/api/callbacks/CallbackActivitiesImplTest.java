package dev.jobqueue.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.jobqueue.callback.CallbackDocument;
import dev.jobqueue.callback.CallbackPolicy;
import dev.jobqueue.callback.CallbackRequest;
import dev.jobqueue.callback.CallbackSignature;
import dev.jobqueue.job.JobRef;
import io.dropwizard.jackson.Jackson;
import io.temporal.failure.ApplicationFailure;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One delivery attempt against a real HTTP receiver on loopback. */
class CallbackActivitiesImplTest {
  private static final String SECRET = "acme-callback-secret-0123456789";
  private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private HttpServer receiver;
  private final List<String> signatures = new CopyOnWriteArrayList<>();
  private final List<String> deliveries = new CopyOnWriteArrayList<>();
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(204);

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          signatures.add(exchange.getRequestHeaders().getFirst(CallbackSignature.HEADER));
          deliveries.add(exchange.getRequestHeaders().getFirst(CallbackSignature.DELIVERY_HEADER));
          bodies.add(exchange.getRequestBody().readAllBytes());
          exchange.sendResponseHeaders(answer.get(), -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private CallbackActivitiesImpl activity(CallbackConfig config) {
    return new CallbackActivitiesImpl(
        config, CallbackPolicy.Resolver.SYSTEM, MAPPER, Clock.fixed(NOW, ZoneOffset.UTC), () -> 1);
  }

  private CallbackRequest request(String url) {
    return new CallbackRequest(
        new JobRef("job-1", "acme"),
        url,
        "job-1/SUCCEEDED/0",
        new CallbackDocument(
            "job-1", "email", "SUCCEEDED", 1, null, null, NOW.toString(), NOW.toString()));
  }

  @Test
  void postsTheDocumentSignedWithTheTenantsSecret() throws Exception {
    activity(new CallbackConfig(true, true, "", "acme=" + SECRET)).deliver(request(url()));

    assertThat(bodies).hasSize(1);
    assertThat(MAPPER.readTree(bodies.getFirst()).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(deliveries).containsExactly("job-1/SUCCEEDED/0");
    assertThat(signatures.getFirst()).startsWith("t=" + NOW.getEpochSecond() + ",v1=");
    assertThat(
            CallbackSignature.verify(
                SECRET, signatures.getFirst(), bodies.getFirst(), NOW.getEpochSecond()))
        .isTrue();
  }

  @Test
  void failsRetryablyOnAnAnswerOtherThan2xx() {
    answer.set(503);
    var failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activity(new CallbackConfig(true, true, "", "acme=" + SECRET))
                    .deliver(request(url())));

    assertThat(failure.getType()).isEqualTo("CallbackRejected");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("503");
  }

  @Test
  void checksTheAddressAgainBeforeConnecting() {
    // a job accepted under a looser configuration, or a name that resolves elsewhere now
    var failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activity(new CallbackConfig(true, false, "", "acme=" + SECRET))
                    .deliver(request(url())));

    assertThat(failure.getType()).isEqualTo("CallbackForbidden");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(bodies).isEmpty();
  }

  @Test
  void refusesATenantWithoutASecret() {
    var failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activity(new CallbackConfig(true, true, "", "")).deliver(request(url())));

    assertThat(failure.getType()).isEqualTo("CallbackForbidden");
    assertThat(bodies).isEmpty();
  }
}
