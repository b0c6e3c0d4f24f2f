package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.coalesce.CoalescingConfig;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Coalescing as shipped (on above a rate of single emails): a batch is a burst of arrivals, so even
 * a tenant's first request, if it is a batch of emails, shares group workflows. No worker runs;
 * starting a group needs none.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JobsBatchBurstTest {
  private static final TestApi API = new TestApi();

  static {
    API.config.setCoalescing(CoalescingConfig.DEFAULT);
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  @Test
  void aThousandEmailBatchAsTheTenantsFirstRequestIsCoalescedAtTheShippedRate() {
    var jobs = new ArrayList<String>();
    for (int i = 0; i < 1_000; i++) {
      jobs.add(Payloads.EMAIL.replace("ada@", "reader" + i + "@"));
    }

    List<JsonNode> results = new ArrayList<>();
    try (Response response = ACME.postBatch("{\"jobs\": [" + String.join(", ", jobs) + "]}")) {
      assertThat(response.getStatus()).isEqualTo(200);
      ApiCalls.json(response).get("results").forEach(results::add);
    }

    assertThat(results).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(202));
    var workflows =
        results.stream().map(r -> r.get("job").get("workflowId").asText()).distinct().toList();
    long grouped =
        results.stream()
            .filter(r -> r.get("job").get("workflowId").asText().startsWith("acme/groups/"))
            .count();
    assertThat(workflows.size()).as("workflows for 1,000 emails").isLessThan(100);
    assertThat(grouped).as("emails in groups").isGreaterThan(900);
  }
}
