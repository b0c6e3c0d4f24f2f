package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.ErrorType;
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
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Coalesced single emails through the real API components over Temporal's test server: grouped into
 * group workflows, each still a job of its own. The chunk sender is a fake that records what it was
 * asked to send; {@code hold@} addresses wait until released, {@code bounce@} addresses are
 * refused.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CoalescedJobsResourceTest {
  private static final Set<String> SENT = ConcurrentHashMap.newKeySet();
  private static final List<GroupChunk> CHUNKS = new CopyOnWriteArrayList<>();
  private static final List<EmailJob> SINGLES = new CopyOnWriteArrayList<>();
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  private static final TestApi API = coalescing();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);

  private static TestApi coalescing() {
    var api = new TestApi().coalescingAlways(Duration.ofMillis(200), 50);
    var worker = api.worker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(
        EmailGroupWorkflowImpl.class, EmailWorkflowImpl.class, KeyReservationWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FakeChunks(), new FakeSingles());
    return api.start();
  }

  @AfterAll
  static void stop() {
    RELEASE.countDown();
    API.close();
  }

  private static final class FakeChunks implements EmailGroupActivities {
    @Override
    public GroupChunkResult sendChunk(GroupChunk chunk) {
      CHUNKS.add(chunk);
      var outcomes = new ArrayList<GroupChunkResult.Outcome>();
      for (GroupChunk.Item item : chunk.items()) {
        String to = item.message().to().getFirst();
        if (to.startsWith("hold")) {
          try {
            RELEASE.await(2, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (to.startsWith("bounce")) {
          outcomes.add(
              GroupChunkResult.Outcome.refused(
                  item.index(),
                  "<" + item.jobId() + "@test>",
                  List.of(),
                  ErrorType.SmtpRejected,
                  "550 5.1.1 no such user"));
        } else {
          SENT.add(item.jobId());
          outcomes.add(
              GroupChunkResult.Outcome.sent(
                  item.index(), "<" + item.jobId() + "@test>", item.message().to(), List.of()));
        }
      }
      return new GroupChunkResult(outcomes);
    }
  }

  private static final class FakeSingles implements EmailActivities {
    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      SINGLES.add(job);
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  private static String email(String to) {
    return """
    {"type": "email", "payload": {"to": ["%s"], "subject": "Receipt", "text": "Thanks"}}\
    """
        .formatted(to);
  }

  private static JsonNode job(ApiCalls calls, String jobId) {
    try (Response response = calls.get("/v1/jobs/" + jobId)) {
      assertThat(response.getStatus()).as("GET %s", jobId).isEqualTo(200);
      return ApiCalls.json(response);
    }
  }

  private static String awaitStatus(String jobId, String status) {
    await("job " + jobId + " " + status)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> job(ACME, jobId).get("status").asText(), status::equals);
    return status;
  }

  /** Submits {@code bodies} at once, as concurrent clients would; the answers in order. */
  private static List<JsonNode> submitTogether(List<String> bodies, List<String> keys) {
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var answers = new ArrayList<Future<JsonNode>>();
      for (int i = 0; i < bodies.size(); i++) {
        String body = bodies.get(i);
        String key = keys == null ? null : keys.get(i);
        answers.add(
            pool.submit(
                () -> {
                  var request = ACME.request("/v1/jobs");
                  if (key != null) {
                    request = request.header("Idempotency-Key", key);
                  }
                  try (Response response =
                      request.post(Entity.entity(body, MediaType.APPLICATION_JSON))) {
                    JsonNode json = ApiCalls.json(response);
                    ((com.fasterxml.jackson.databind.node.ObjectNode) json)
                        .put("httpStatus", response.getStatus());
                    return json;
                  }
                }));
      }
      var out = new ArrayList<JsonNode>();
      for (var answer : answers) {
        out.add(answer.get(60, TimeUnit.SECONDS));
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void emailsSubmittedTogetherShareAGroupAndEachIsAJobOfItsOwn() {
    var bodies = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      bodies.add(email("together" + i + "@example.com"));
    }

    List<JsonNode> answers = submitTogether(bodies, null);

    assertThat(answers).allSatisfy(a -> assertThat(a.get("httpStatus").asInt()).isEqualTo(202));
    var ids = answers.stream().map(a -> a.get("jobId").asText()).toList();
    assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.contains("~"));
    String group = answers.getFirst().get("workflowId").asText();
    assertThat(group).startsWith("acme/groups/");
    assertThat(answers).allSatisfy(a -> assertThat(a.get("workflowId").asText()).isEqualTo(group));
    assertThat(answers.getFirst().get("links").get("temporalUi").asText())
        .endsWith("/workflows/" + group.replace("/", "%2F"));
    for (String id : ids) {
      awaitStatus(id, "SUCCEEDED");
      JsonNode done = job(ACME, id);
      assertThat(done.get("attempt").asInt()).isEqualTo(1);
      assertThat(done.get("result").get("messageId").asText()).isEqualTo("<" + id + "@test>");
    }
    assertThat(SENT).containsAll(ids);
  }

  @Test
  void aCoalescedJobIsAnotherTenantsNotFound() {
    String id = ACME.submit(email("private@example.com"));

    try (Response response = GLOBEX.get("/v1/jobs/" + id)) {
      assertThat(response.getStatus()).isEqualTo(404);
    }
  }

  @Test
  void aCoalescedJobsHistoryIsItsCreationAndWhereItStandsAndAnotherTenantsNotFound() {
    String id = ACME.submit(email("history@example.com"));
    awaitStatus(id, "SUCCEEDED");

    JsonNode history = ApiCalls.json(ACME.get("/v1/jobs/" + id + "/history"));

    assertThat(history.get("jobId").asText()).isEqualTo(id);
    var kinds = new ArrayList<String>();
    history.get("entries").forEach(entry -> kinds.add(entry.get("kind").asText()));
    assertThat(kinds).containsExactly("CREATED", "SUCCEEDED");
    try (Response response = GLOBEX.get("/v1/jobs/" + id + "/history")) {
      assertThat(response.getStatus()).isEqualTo(404);
    }
  }

  @Test
  void aKeyReplayedAfterItsGroupStartedIsTheSameJobAndAnotherBodyIs422() {
    String id = ACME.submitWithKey(email("keyed@example.com"), "receipt-42");
    awaitStatus(id, "SUCCEEDED");

    try (Response again = ACME.post(email("keyed@example.com"), "receipt-42")) {
      assertThat(again.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(again).get("jobId").asText()).isEqualTo(id);
    }
    try (Response other = ACME.post(email("someone-else@example.com"), "receipt-42")) {
      assertThat(other.getStatus()).isEqualTo(422);
    }
    assertThat(SENT.stream().filter(id::equals)).hasSize(1);
  }

  @Test
  void concurrentRequestsUnderOneKeyMakeOneJob() {
    var bodies = new ArrayList<String>();
    var keys = new ArrayList<String>();
    for (int i = 0; i < 6; i++) {
      bodies.add(email("concurrent@example.com"));
      keys.add("reset-7");
    }
    bodies.add(email("different@example.com"));
    keys.add("reset-7");

    List<JsonNode> answers = submitTogether(bodies, keys);

    var same = answers.subList(0, 6);
    assertThat(same.stream().map(a -> a.get("jobId").asText()).distinct()).hasSize(1);
    assertThat(same.stream().filter(a -> a.get("httpStatus").asInt() == 202)).hasSize(1);
    assertThat(same.stream().filter(a -> a.get("httpStatus").asInt() == 200)).hasSize(5);
    assertThat(answers.getLast().get("httpStatus").asInt()).isEqualTo(422);
    String id = same.getFirst().get("jobId").asText();
    awaitStatus(id, "SUCCEEDED");
    assertThat(CHUNKS.stream().flatMap(c -> c.items().stream()).filter(i -> i.jobId().equals(id)))
        .hasSize(1);
  }

  @Test
  void cancellingACoalescedJobCancelsItAloneAndTheOthersAreSent() {
    List<JsonNode> answers =
        submitTogether(List.of(email("hold-1@example.com"), email("cancel-me@example.com")), null);
    String held = answers.get(0).get("jobId").asText();
    String cancelled = answers.get(1).get("jobId").asText();

    try (Response response = ACME.delete("/v1/jobs/" + cancelled)) {
      assertThat(response.getStatus()).isEqualTo(202);
      assertThat(ApiCalls.json(response).get("cancelRequested").asBoolean()).isTrue();
    }
    RELEASE.countDown();

    awaitStatus(held, "SUCCEEDED");
    String end = job(ACME, cancelled).get("status").asText();
    // on the wire with the held one, the relay had the last word; waiting, it was not sent
    assertThat(end).isIn("CANCELLED", "SUCCEEDED");
    if (end.equals("CANCELLED")) {
      assertThat(SENT).doesNotContain(cancelled);
    }
  }

  @Test
  void anEmailRefusedForGoodIsItsOwnDeadLetterAndARedriveWithACorrectedPayloadSendsIt() {
    String id = ACME.submit(email("bounce@example.com"));
    awaitStatus(id, "DEAD_LETTERED");
    JsonNode parked = job(ACME, id);
    assertThat(parked.get("lastError").get("type").asText()).isEqualTo("SmtpRejected");
    assertThat(parked.get("workflowId").asText()).isEqualTo("acme/" + id);

    try (Response response =
        ACME.request("/v1/dead-letters/" + id + "/redrive")
            .post(
                Entity.entity(
                    """
                    {"payload": {"to": ["fixed@example.com"], "subject": "Receipt", "text": "Thanks"}}
                    """,
                    MediaType.APPLICATION_JSON))) {
      assertThat(response.getStatus()).isEqualTo(202);
    }

    awaitStatus(id, "SUCCEEDED");
    assertThat(SINGLES)
        .anySatisfy(
            j -> {
              assertThat(j.job().jobId()).isEqualTo(id);
              assertThat(j.message().to()).containsExactly("fixed@example.com");
            });
  }
}
