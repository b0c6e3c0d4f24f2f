package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.store.BatchStore;
import dev.jobqueue.store.StagedBatch;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A start that fails without Temporal's refusal (here: Temporal is gone) may have happened: the
 * batch it would send stays, for the retry and for the job if it did start.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchUncertainStartTest {
  private static final TestApi API = new TestApi();

  static {
    API.config.setTemporalTimeout(Duration.ofSeconds(2));
    // Temporal goes away between staging the batch and starting its job
    API.afterStaging((job, manifest) -> API.temporal.close()).start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @Test
  void keepsTheBatchWhenTheStartFailsWithoutARefusal() throws Exception {
    String request =
        """
        {"type": "email-batch", "payload": {"template": {"subject": "Hi {{name}}", "text": "x"},
         "recipients": [{"to": "ada@example.com", "vars": {"name": "Ada"}}]}}
        """;

    try (Response response = ACME.post(request, "uncertain-start")) {
      assertThat(response.getStatus())
          .as("%s", ApiCalls.json(response))
          .isGreaterThanOrEqualTo(500);
    }

    assertThat(new BatchStore(API.batchStore).stagedBatches())
        .extracting(StagedBatch::job)
        .singleElement()
        .satisfies(job -> assertThat(job.tenant()).isEqualTo("acme"));
  }
}
