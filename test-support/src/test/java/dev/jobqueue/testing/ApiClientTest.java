package dev.jobqueue.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The load generator's submissions, through the client library: waits, counts and refusals. */
class ApiClientTest {
  private static final String ACCEPTED =
      "{\"jobId\": \"j1\", \"type\": \"email\", \"status\": \"QUEUED\", \"links\": {}}";

  private record Reply(int status, String retryAfter, String body) {}

  private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger posts = new AtomicInteger();
  private final ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();
  private final HttpServer server;

  ApiClientTest() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/jobs",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          posts.incrementAndGet();
          asked.add(exchange.getRequestURI().toString());
          Reply reply = script.poll();
          byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add(
                  "Content-Type",
                  reply.status() < 400 ? "application/json" : "application/problem+json");
          if (reply.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
          }
          exchange.sendResponseHeaders(reply.status(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void itemsFollowsThePagesAndWaitsOutPushback() throws Exception {
    script.add(
        new Reply(200, null, "{\"items\": [{\"n\": 1}, {\"n\": 2}], \"nextPageToken\": \"p2\"}"));
    script.add(new Reply(503, "1", problem(503)));
    script.add(new Reply(200, null, "{\"items\": [{\"n\": 3}]}"));

    var items = client().items("/v1/jobs/j1/items?pageSize=2");

    assertThat(items).extracting(i -> i.path("n").asInt()).containsExactly(1, 2, 3);
    assertThat(asked)
        .containsExactly(
            "/v1/jobs/j1/items?pageSize=2",
            "/v1/jobs/j1/items?pageSize=2&pageToken=p2",
            "/v1/jobs/j1/items?pageSize=2&pageToken=p2");
  }

  @Test
  void itemsFailsOnAnAnswerThatIsNeitherAPageNorPushback() {
    script.add(new Reply(404, null, problem(404)));

    assertThatThrownBy(() -> client().items("/v1/jobs/nope/items?pageSize=2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("404");
  }

  private ApiClient client() {
    return new ApiClient("http://127.0.0.1:" + server.getAddress().getPort(), "k", "acme");
  }

  private static String problem(int status) {
    return "{\"type\": \"about:blank\", \"title\": \"t\", \"status\": %d, \"detail\": \"d\"}"
        .formatted(status);
  }

  @Test
  void submitWaitsOutPushbacksAndCountsThem() throws Exception {
    script.add(new Reply(429, "0", problem(429)));
    script.add(new Reply(503, "0", problem(503)));
    script.add(new Reply(202, null, ACCEPTED));
    var api = client();

    var accepted = api.submit("{}");

    assertThat(accepted.jobId()).isEqualTo("j1");
    assertThat(accepted.workflowId()).as("named from the tenant").isEqualTo("acme/j1");
    assertThat(api.pushbacks()).isEqualTo(2);
    assertThat(posts).hasValue(3);
  }

  @Test
  void submitOnceRefusesAPushbackWithItsRetryAfterAndDoesNotCountIt() throws Exception {
    script.add(new Reply(429, "7", problem(429)));
    var api = client();

    assertThatThrownBy(() -> api.submitOnce("{}"))
        .isInstanceOfSatisfying(
            ApiClient.Refused.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.pushback()).isTrue();
              assertThat(e.retryAfterSeconds()).isEqualTo(7);
            });
    assertThat(api.pushbacks()).isZero();
    assertThat(posts).hasValue(1);
  }

  @Test
  void submitRefusesAVerdictAtOnce() {
    script.add(new Reply(413, null, problem(413)));
    var api = client();

    assertThatThrownBy(() -> api.submit("{}"))
        .isInstanceOfSatisfying(
            ApiClient.Refused.class,
            e -> {
              assertThat(e.status()).isEqualTo(413);
              assertThat(e.pushback()).isFalse();
              assertThat(e.retryAfterSeconds()).as("none given").isEqualTo(1);
            });
    assertThat(posts).hasValue(1);
  }
}
