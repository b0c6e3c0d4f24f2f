package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.jobs.JobIds;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A batch store that cannot be written: the client is told to come back, and nothing starts. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchStagingFailureTest {
  private static final TestApi API = new TestApi();

  static {
    try {
      // a file where the store's directory should be: every write to the store fails
      API.config.setBatchStoreDir(Files.createTempFile("not-a-directory", ".txt").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  @Test
  void answers503AndStartsNothingWhenTheBatchCannotBeStaged() {
    String request =
        """
        {"type": "email-batch", "payload": {"template": {"subject": "Hi {{name}}", "text": "x"},
         "recipients": [{"to": "ada@example.com", "vars": {"name": "Ada"}}]}}
        """;

    try (Response response = ACME.post(request, "staging-fails")) {
      JsonNode problem = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s", problem).isEqualTo(503);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
      assertThat(problem.get("type").asText()).endsWith(":batch-store-unavailable");
    }

    String workflowId = "acme/" + JobIds.forKey("acme", "staging-fails");
    assertThatThrownBy(() -> API.client().newUntypedWorkflowStub(workflowId).describe())
        .isInstanceOf(WorkflowNotFoundException.class);
    assertThat(API.registry.find("jobqueue.jobs.submitted").counters()).isEmpty();
  }
}
