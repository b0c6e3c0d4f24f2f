package dev.jobqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import org.junit.jupiter.api.Test;

class JobBodiesTest {
  @Test
  void submitsATemplatedBatchAsTheApiTakesIt() throws Exception {
    JsonNode job = ApiClient.JSON.readTree(Bulk.body(3, 1_000));

    assertThat(job.path("type").asText()).isEqualTo("email-batch");
    JsonNode payload = job.path("payload");
    assertThat(payload.path("template").path("subject").asText()).isEqualTo("Hi {{name}}");
    assertThat(payload.path("template").path("text").asText())
        .hasSize(Mail.TEXT_BYTES)
        .contains("{{name}}");
    assertThat(payload.path("recipients")).hasSize(1_000);
    JsonNode last = payload.path("recipients").get(999);
    assertThat(last.path("to").asText()).isEqualTo("b3-999@example.com");
    assertThat(last.path("vars").path("name").asText()).isEqualTo("N999");
  }

  @Test
  void transactionalEmailsCarryTheSameMessageFilledIn() throws Exception {
    JsonNode job = ApiClient.JSON.readTree(Transactional.body(42));

    assertThat(job.path("type").asText()).isEqualTo("email");
    assertThat(job.path("payload").path("to").get(0).asText()).isEqualTo("t42@example.com");
    assertThat(job.path("payload").path("subject").asText()).isEqualTo("Hi N42");
    assertThat(job.path("payload").path("text").asText())
        .startsWith("Hello N42,")
        .doesNotContain("{{");
  }
}
