package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailGroupActivities;
import dev.jobqueue.email.EmailGroupWorkflowImpl;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.GroupChunk;
import dev.jobqueue.email.GroupChunkResult;
import dev.jobqueue.email.KeyReservationWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A batch of emails through the real API components over Temporal's test server, every email
 * coalesced: a batch is a burst, and its emails share a few group workflows, each still a job of
 * its own. The chunk sender is a fake that accepts every email and records which it sent.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CoalescedJobsBatchResourceTest {
  private static final Set<String> SENT = ConcurrentHashMap.newKeySet();

  private static final TestApi API = coalescing();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  private static TestApi coalescing() {
    var api = new TestApi().coalescingAlways(Duration.ofMillis(100), 500);
    var worker = api.worker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(
        EmailGroupWorkflowImpl.class, EmailWorkflowImpl.class, KeyReservationWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FakeChunks(), new FakeSingles());
    return api.start();
  }

  @AfterAll
  static void stop() {
    API.close();
  }

  private static final class FakeChunks implements EmailGroupActivities {
    @Override
    public GroupChunkResult sendChunk(GroupChunk chunk) {
      var outcomes = new ArrayList<GroupChunkResult.Outcome>();
      for (GroupChunk.Item item : chunk.items()) {
        SENT.add(item.jobId());
        outcomes.add(
            GroupChunkResult.Outcome.sent(
                item.index(), "<" + item.jobId() + "@test>", item.message().to(), List.of()));
      }
      return new GroupChunkResult(outcomes);
    }
  }

  private static final class FakeSingles implements EmailActivities {
    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      SENT.add(job.job().jobId());
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  private static String email(String to) {
    return """
    {"type": "email", "payload": {"to": ["%s"], "subject": "Receipt", "text": "Thanks"}}\
    """
        .formatted(to);
  }

  private static String keyed(String job, String key) {
    return job.replaceFirst("\\{", "{\"idempotencyKey\": \"" + key + "\", ");
  }

  private static List<JsonNode> results(List<String> jobs) {
    try (Response response = ACME.postBatch("{\"jobs\": [" + String.join(", ", jobs) + "]}")) {
      JsonNode body = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s", body).isEqualTo(200);
      var out = new ArrayList<JsonNode>();
      body.get("results").forEach(out::add);
      assertThat(out).hasSameSizeAs(jobs);
      return out;
    }
  }

  private static String status(String jobId) {
    try (Response response = ACME.get("/v1/jobs/" + jobId)) {
      assertThat(response.getStatus()).as("GET %s", jobId).isEqualTo(200);
      return ApiCalls.json(response).get("status").asText();
    }
  }

  @Test
  void aThousandEmailsInOneBatchShareAFewGroupWorkflowsAndEachIsAJobOfItsOwn() {
    var jobs = new ArrayList<String>();
    for (int i = 0; i < 1_000; i++) {
      jobs.add(email("burst" + i + "@example.com"));
    }

    List<JsonNode> results = results(jobs);

    assertThat(results).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(202));
    var ids = results.stream().map(r -> r.get("job").get("jobId").asText()).toList();
    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.contains("~"));
    var workflows =
        results.stream().map(r -> r.get("job").get("workflowId").asText()).distinct().toList();
    assertThat(workflows).allMatch(w -> w.startsWith("acme/groups/"));
    assertThat(workflows.size()).as("workflows for 1,000 emails").isLessThan(100);
    await("every email of the batch sent")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> SENT.containsAll(ids));
    assertThat(status(ids.getFirst())).isEqualTo("SUCCEEDED");
    assertThat(status(ids.getLast())).isEqualTo("SUCCEEDED");
  }

  @Test
  void keyedEmailsOfACoalescedBatchAreReplayedUnderTheirKeysAndAKeyReusedIs422() {
    var jobs = new ArrayList<String>();
    for (int i = 0; i < 20; i++) {
      jobs.add(keyed(email("keyed" + i + "@example.com"), "receipt-" + i));
    }
    List<JsonNode> first = results(jobs);
    assertThat(first).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(202));
    assertThat(first)
        .allSatisfy(
            r -> assertThat(r.get("job").get("workflowId").asText()).startsWith("acme/groups/"));
    var ids = first.stream().map(r -> r.get("job").get("jobId").asText()).toList();

    var again = new ArrayList<>(jobs);
    again.set(7, keyed(email("someone-else@example.com"), "receipt-7"));
    List<JsonNode> second = results(again);

    for (int i = 0; i < 20; i++) {
      JsonNode result = second.get(i);
      if (i == 7) {
        assertThat(result.get("status").asInt()).isEqualTo(422);
      } else {
        assertThat(result.get("status").asInt()).as("job %d", i).isEqualTo(200);
        assertThat(result.get("job").get("jobId").asText()).isEqualTo(ids.get(i));
      }
    }
    await("every keyed email sent")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> SENT.containsAll(ids));
  }
}
