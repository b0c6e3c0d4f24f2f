package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.testing.ApiClient;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The stack of {@code docker-compose.yml}, built from the Dockerfile, does a job end to end. Needs
 * a Docker engine; without one the test is skipped (Testcontainers says so).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackTest {
  /** The compose file's local-only key; see docker-compose.yml. */
  private static final String COMPOSE_KEY = "jq_compose_dev_key";

  @Container
  static final ComposeContainer STACK =
      new ComposeContainer(new File("../docker-compose.yml"))
          .withLocalCompose(true)
          .withBuild(true)
          .withExposedService(
              "api-server",
              8081,
              Wait.forHttp("/healthcheck")
                  .forStatusCode(200)
                  .withStartupTimeout(Duration.ofMinutes(15)))
          .withExposedService(
              "worker-email",
              8091,
              Wait.forHttp("/healthcheck")
                  .forStatusCode(200)
                  .withStartupTimeout(Duration.ofMinutes(15)))
          .withExposedService("api-server", 8080);

  @Test
  void emailJobSucceedsInTheComposedStack() throws Exception {
    var api =
        new ApiClient(
            "http://"
                + STACK.getServiceHost("api-server", 8080)
                + ":"
                + STACK.getServicePort("api-server", 8080),
            COMPOSE_KEY);
    var created =
        api.post(
            "/v1/jobs",
            """
            {"type": "email", "payload": {"to": ["ada@example.com"], "subject": "compose", "text": "hi"}}\
            """);
    assertThat(created.status()).isEqualTo(202);
    String jobId = created.json().path("jobId").asText();

    await().atMost(Duration.ofMinutes(2)).until(() -> api.status(jobId), "SUCCEEDED"::equals);
  }
}
