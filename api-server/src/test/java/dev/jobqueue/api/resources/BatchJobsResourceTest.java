package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.api.jobs.BatchStaging;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.Submission;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.batch.BatchItem;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.batch.ItemOutcome;
import dev.jobqueue.batch.MessageTemplate;
import dev.jobqueue.email.ChunkRequest;
import dev.jobqueue.email.ChunkResult;
import dev.jobqueue.email.EmailBatchActivities;
import dev.jobqueue.email.EmailBatchWorkflowImpl;
import dev.jobqueue.email.RecipientFailure;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.store.BatchStore;
import dev.jobqueue.store.StagedBatch;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batches that run: the real batch workflow on the test server, with a stand-in for the email
 * fleet's chunk sender that records outcomes in the batch store as the real one does, seen through
 * the API as a client sees them.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchJobsResourceTest {
  private static final String BOUNCE = "bounce@simulator.jobqueue.test";
  private static final CountDownLatch RELEASE_HELD = new CountDownLatch(1);

  private static final TestApi API = new TestApi();

  static {
    API.config.setBatchChunkSize(10);
    API.worker(TaskQueues.EMAIL).registerWorkflowImplementationTypes(EmailBatchWorkflowImpl.class);
    // chunks run on the bulk lane
    API.worker(TaskQueues.EMAIL_BULK).registerActivitiesImplementations(new StandInChunkSender());
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);
  private static final BatchStore STORE = new BatchStore(API.batchStore);

  @AfterAll
  static void stop() {
    RELEASE_HELD.countDown();
    API.close();
  }

  /**
   * Sends a chunk as the email fleet would: reads it from the store, records each item's outcome
   * there. The relay accepts everything but {@link #BOUNCE}; a batch whose subject starts with
   * "hold" finishes its first chunk and holds the others until released.
   */
  static final class StandInChunkSender implements EmailBatchActivities {
    @Override
    public ChunkResult sendChunk(ChunkRequest request) {
      try {
        var manifest = STORE.manifest(request.batch());
        boolean held =
            manifest.template() != null && manifest.template().subject().startsWith("hold");
        if (held && request.chunk() > 0) {
          RELEASE_HELD.await(2, TimeUnit.MINUTES);
        }
        var outcomes = new ArrayList<ItemOutcome>();
        var rejected = new ArrayList<RecipientFailure>();
        for (BatchItem item : STORE.readChunk(request.batch(), request.chunk())) {
          String at = Instant.now().toString();
          if (BOUNCE.equals(item.recipient())) {
            outcomes.add(
                new ItemOutcome(
                    item.index(),
                    item.recipient(),
                    ItemOutcome.DEAD_LETTERED,
                    550,
                    "550 5.1.1 no such user",
                    at,
                    "SmtpRejected",
                    request.pass()));
            rejected.add(new RecipientFailure(item.recipient(), 550, "550 5.1.1 no such user"));
          } else {
            outcomes.add(
                new ItemOutcome(
                    item.index(),
                    item.recipient(),
                    ItemOutcome.ACCEPTED,
                    250,
                    "250 2.0.0 queued",
                    at,
                    null,
                    request.pass()));
          }
        }
        STORE.appendOutcomes(request.batch(), request.chunk(), outcomes);
        return new ChunkResult(
            request.chunk(), outcomes.size() - rejected.size(), rejected.size(), 0, rejected);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A templated batch to {@code n} recipients; those in {@code bounce} get the bouncing address.
   */
  private static String batch(String subject, int n, int... bounce) {
    var recipients = new ArrayList<String>();
    for (int i = 0; i < n; i++) {
      final int index = i;
      boolean bounces = java.util.Arrays.stream(bounce).anyMatch(b -> b == index);
      String to = bounces ? BOUNCE : "user" + i + "@example.com";
      recipients.add("{\"to\": \"" + to + "\", \"vars\": {\"name\": \"User " + i + "\"}}");
    }
    return "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"subject\": \""
        + subject
        + " {{name}}\", \"text\": \"Dear {{name}}\"}, \"recipients\": ["
        + String.join(", ", recipients)
        + "]}}";
  }

  private static JsonNode awaitStatus(String jobId, String status) {
    return await("job " + jobId + " " + status)
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> ApiCalls.json(ACME.get("/v1/jobs/" + jobId)),
            job -> status.equals(job.path("status").asText()));
  }

  /** The batch the job's memo names: the one its workflow reads. */
  private static BatchName batchOf(String tenant, String jobId) {
    var description = API.client().newUntypedWorkflowStub(tenant + "/" + jobId).describe();
    return new BatchName(
        new JobRef(jobId, tenant),
        (String) description.getMemo(JobMemo.BATCH_CONTENT, String.class));
  }

  private static Path batchDir(String tenant, String jobId) {
    return API.batchStore.resolve(batchOf(tenant, jobId).fileName());
  }

  /** Every batch staged under the job's id, whichever request staged it. */
  private static List<BatchName> stagedFor(String jobId) throws IOException {
    return STORE.stagedBatches().stream()
        .map(StagedBatch::name)
        .filter(n -> n.job().jobId().equals(jobId))
        .toList();
  }

  /** The submission {@code body} is, as the API reads it: its hash names its batch. */
  private static Submission submission(JobRef ref, String body) throws IOException {
    var mapper = ApiJson.configure(Jackson.newObjectMapper());
    return new Submissions(mapper, API.config.getRetry(), API.config.senders())
        .check(ref, mapper.readTree(body));
  }

  /** Every item of the listing, page by page, with the tokens it took. */
  private static List<JsonNode> allItems(
      String jobId, String query, int pageSize, List<String> tokens) {
    var items = new ArrayList<JsonNode>();
    String token = null;
    do {
      String path =
          "/v1/jobs/"
              + jobId
              + "/items?pageSize="
              + pageSize
              + query
              + (token == null ? "" : "&pageToken=" + token);
      try (Response response = ACME.get(path)) {
        JsonNode page = ApiCalls.json(response);
        assertThat(response.getStatus()).as("%s", page).isEqualTo(200);
        assertThat(page.get("items").size()).isLessThanOrEqualTo(pageSize);
        page.get("items").forEach(items::add);
        token = page.get("nextPageToken").isNull() ? null : page.get("nextPageToken").asText();
        if (token != null) {
          tokens.add(token);
        }
      }
    } while (token != null);
    return items;
  }

  private static List<Integer> indexes(List<JsonNode> items) {
    return items.stream().map(i -> i.get("index").asInt()).toList();
  }

  @Test
  void stagesABatchRunsItAndPagesThroughItsOutcomes() {
    String jobId;
    try (Response response = ACME.post(batch("Hello", 25))) {
      JsonNode job = ApiCalls.json(response);
      assertThat(response.getStatus()).as("%s", job).isEqualTo(202);
      jobId = job.get("jobId").asText();
      assertThat(job.get("type").asText()).isEqualTo("email-batch");
      assertThat(job.get("progress").get("total").asLong()).isEqualTo(25);
    }
    Path dir = batchDir("acme", jobId);
    assertThat(dir.resolve("manifest.json")).exists();
    assertThat(dir.resolve("chunk-000001.jsonl")).exists();
    assertThat(dir.resolve("chunk-000003.jsonl")).exists();
    assertThat(dir.resolve("chunk-000004.jsonl")).doesNotExist();

    JsonNode job = awaitStatus(jobId, "SUCCEEDED");

    assertThat(job.get("progress").get("done").asLong()).isEqualTo(25);
    assertThat(job.get("progress").get("total").asLong()).isEqualTo(25);
    assertThat(job.get("result").get("items").asInt()).isEqualTo(25);
    assertThat(job.get("result").get("accepted").asInt()).isEqualTo(25);
    assertThat(job.get("result").get("deadLettered").asInt()).isZero();
    assertThat(job.get("result").get("chunks").asInt()).isEqualTo(3);
    assertThat(job.get("result").get("outcomes").asText())
        .isEqualTo("/v1/jobs/" + jobId + "/items");

    var tokens = new ArrayList<String>();
    List<JsonNode> items = allItems(jobId, "", 10, tokens);
    assertThat(tokens).hasSize(2);
    assertThat(indexes(items)).isEqualTo(java.util.stream.IntStream.range(0, 25).boxed().toList());
    JsonNode first = items.getFirst();
    assertThat(first.get("to").asText()).isEqualTo("user0@example.com");
    assertThat(first.get("status").asText()).isEqualTo("accepted");
    assertThat(first.get("code").asInt()).isEqualTo(250);
    assertThat(Instant.parse(first.get("at").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(allItems(jobId, "&status=pending", 100, new ArrayList<>())).isEmpty();
    assertThat(allItems(jobId, "&status=failed", 100, new ArrayList<>())).isEmpty();
    try (Response response = ACME.get("/v1/jobs/" + jobId + "/result")) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(response).get("accepted").asInt()).isEqualTo(25);
    }
  }

  @Test
  void listsRefusedRecipientsAsFailedItemsOfTheDeadLetteredBatch() {
    String jobId = ACME.submit(batch("Hello", 12, 3, 7));

    JsonNode job = awaitStatus(jobId, "DEAD_LETTERED");

    assertThat(job.get("lastError").get("type").asText()).isEqualTo("RecipientsRejected");
    assertThat(job.get("progress").get("done").asLong()).isEqualTo(12);
    for (String status : List.of("failed", "dead_lettered")) {
      List<JsonNode> failed = allItems(jobId, "&status=" + status, 100, new ArrayList<>());
      assertThat(indexes(failed)).as(status).containsExactly(3, 7);
      assertThat(failed.getFirst().get("status").asText()).isEqualTo("failed");
      assertThat(failed.getFirst().get("to").asText()).isEqualTo(BOUNCE);
      assertThat(failed.getFirst().get("code").asInt()).isEqualTo(550);
      assertThat(failed.getFirst().get("message").asText()).contains("no such user");
      assertThat(failed.getFirst().get("errorType").asText()).isEqualTo("SmtpRejected");
    }
    var tokens = new ArrayList<String>();
    List<JsonNode> accepted = allItems(jobId, "&status=accepted", 5, tokens);
    assertThat(indexes(accepted)).containsExactly(0, 1, 2, 4, 5, 6, 8, 9, 10, 11);
    assertThat(tokens).hasSize(1);

    String token = tokens.getFirst();
    String other = ACME.submit(batch("Other", 2));
    for (String misused :
        List.of(
            "/v1/jobs/" + jobId + "/items?status=failed&pageToken=" + token,
            "/v1/jobs/" + jobId + "/items?pageToken=" + token,
            "/v1/jobs/" + other + "/items?status=accepted&pageToken=" + token)) {
      try (Response response = ACME.get(misused)) {
        assertThat(response.getStatus()).as(misused).isEqualTo(400);
        assertThat(ApiCalls.json(response).get("errors").get(0).get("field").asText())
            .isEqualTo("pageToken");
      }
    }
  }

  @Test
  void reportsTheProgressOfARunningBatchFromItsOutcomes() {
    String jobId = ACME.submit(batch("hold", 25));

    JsonNode job =
        await("progress of " + jobId)
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> ApiCalls.json(ACME.get("/v1/jobs/" + jobId)),
                j -> j.path("progress").path("done").asLong() == 10);

    assertThat(job.get("status").asText()).isEqualTo("RUNNING");
    assertThat(job.get("progress").get("total").asLong()).isEqualTo(25);
    List<JsonNode> pending = allItems(jobId, "&status=pending", 100, new ArrayList<>());
    assertThat(indexes(pending))
        .isEqualTo(java.util.stream.IntStream.range(10, 25).boxed().toList());
    assertThat(pending.getFirst().get("to").asText()).isEqualTo("user10@example.com");
    assertThat(pending.getFirst().get("code").isNull()).isTrue();
    assertThat(pending.getFirst().get("at").isNull()).isTrue();
    RELEASE_HELD.countDown();
    awaitStatus(jobId, "SUCCEEDED");
  }

  @Test
  void sendsDistinctMessagesAndListsThemByTheirFirstAddressee() {
    String request =
        """
        {"type": "email-batch", "payload": {"messages": [
          {"to": ["ada@example.com", "bob@example.com"], "subject": "One", "text": "1"},
          {"to": ["cy@example.com"], "cc": ["dee@example.com"], "subject": "Two", "html": "<p>2</p>"},
          {"to": ["eve@example.com"], "subject": "Three", "text": "3", "headers": {"X-Tag": "t"}}]}}
        """;

    String jobId = ACME.submit(request);
    JsonNode job = awaitStatus(jobId, "SUCCEEDED");

    assertThat(job.get("result").get("items").asInt()).isEqualTo(3);
    List<JsonNode> items = allItems(jobId, "", 100, new ArrayList<>());
    assertThat(items.stream().map(i -> i.get("to").asText()))
        .containsExactly("ada@example.com", "cy@example.com", "eve@example.com");
  }

  @Test
  void replaysAKeyedBatchWithoutStagingItAgain() throws IOException {
    String request = batch("Replayed", 15);
    String jobId = ACME.submitWithKey(request, "batch-key-1");
    Path marker = Files.writeString(batchDir("acme", jobId).resolve("marker"), "staged once");

    // the same request, written otherwise: the default priority spelled out
    String sameRequest = request.replace("{\"type\"", "{\"priority\": 3, \"type\"");
    try (Response replay = ACME.post(sameRequest, "batch-key-1")) {
      assertThat(replay.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(replay).get("jobId").asText()).isEqualTo(jobId);
    }
    try (Response different = ACME.post(batch("Replayed", 16), "batch-key-1")) {
      assertThat(different.getStatus()).isEqualTo(422);
    }

    assertThat(marker).exists();
    assertThat(STORE.manifest(batchOf("acme", jobId)).items()).isEqualTo(15);
    assertThat(stagedFor(jobId)).as("nothing staged for the refused request").hasSize(1);
    try (var entries = Files.list(API.batchStore)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".staging"));
    }
  }

  @Test
  void anUnkeyedBatchSentAgainIsTheSameJob() throws IOException {
    String request = batch("Unkeyed", 4);
    String jobId;
    try (Response first = ACME.post(request)) {
      assertThat(first.getStatus()).isEqualTo(202);
      jobId = ApiCalls.json(first).get("jobId").asText();
    }

    // a client that retries after a 503 whose start did happen, or simply sends it twice
    try (Response again = ACME.post(request)) {
      assertThat(again.getStatus()).isEqualTo(200);
      assertThat(ApiCalls.json(again).get("jobId").asText()).isEqualTo(jobId);
    }
    try (Response other = ACME.post(batch("Unkeyed", 5))) {
      assertThat(other.getStatus()).isEqualTo(202);
      assertThat(ApiCalls.json(other).get("jobId").asText()).isNotEqualTo(jobId);
    }
    // the same batch on purpose: a key of its own makes it a new job
    String onPurpose = ACME.submitWithKey(request, "unkeyed-again-on-purpose");
    assertThat(onPurpose).isNotEqualTo(jobId);
    // another tenant's identical batch is its own
    assertThat(GLOBEX.submit(request)).isNotEqualTo(jobId);
    awaitStatus(jobId, "SUCCEEDED");
  }

  @Test
  void leavesABatchStagedForAnotherRequestUnderTheKeyAlone() throws IOException {
    // another request under the key staged this, and has not started its job (or never will)
    var ref = new JobRef(JobIds.forKey("acme", "batch-key-2"), "acme");
    var theirs = new BatchName(ref, "0f".repeat(32));
    STORE.stage(
        theirs,
        new MessageTemplate(null, null, "Old", "old", null, null),
        List.of(BatchItem.templated(0, "old@example.com", Map.of())).iterator(),
        10);

    String jobId = ACME.submitWithKey(batch("New", 4), "batch-key-2");

    assertThat(jobId).isEqualTo(ref.jobId());
    var ours = batchOf("acme", jobId);
    assertThat(ours).isNotEqualTo(theirs);
    assertThat(STORE.manifest(ours).items()).isEqualTo(4);
    assertThat(STORE.manifest(ours).template().subject()).isEqualTo("New {{name}}");
    assertThat(STORE.manifest(theirs).template().subject()).isEqualTo("Old");
    awaitStatus(jobId, "SUCCEEDED");
  }

  @Test
  void reusesABatchStagedForTheSameRequestThatNeverStartedItsJob() throws IOException {
    var ref = new JobRef(JobIds.forKey("acme", "batch-key-3"), "acme");
    var items = new ArrayList<BatchItem>();
    for (int i = 0; i < 3; i++) {
      items.add(BatchItem.templated(i, "user" + i + "@example.com", Map.of("name", "User " + i)));
    }
    var name = BatchStaging.nameOf(ref, submission(ref, batch("Same", 3)));
    STORE.stage(
        name,
        new MessageTemplate(null, null, "Same {{name}}", "Dear {{name}}", null, null),
        items.iterator(),
        10);
    Path marker = Files.writeString(API.batchStore.resolve(name.fileName()).resolve("marker"), "x");

    String jobId = ACME.submitWithKey(batch("Same", 3), "batch-key-3");

    assertThat(jobId).isEqualTo(ref.jobId());
    assertThat(batchOf("acme", jobId)).isEqualTo(name);
    assertThat(marker).exists();
    awaitStatus(jobId, "SUCCEEDED");
  }

  @Test
  void acceptsTheLargestBatchAndStagesItInAtMostAThousandChunks() throws IOException {
    String body = BatchSubmissionLimitsTest.manyRecipients(100_000);
    // due in an hour: staged now, never run by this test
    Instant runAt =
        API.clock
            .instant()
            .plus(Duration.ofHours(1))
            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String request =
        "{\"type\": \"email-batch\", \"runAt\": \""
            + runAt
            + "\", \"payload\": {\"template\":"
            + " {\"subject\": \"Hi {{name}}\", \"text\": \"Dear {{name}}\"}, \"recipients\": "
            + body
            + "}}";
    assertThat(request.length())
        .as("over the 1 MiB of other bodies")
        .isGreaterThan(2 * 1024 * 1024);

    String jobId = ACME.submit(request);

    var manifest = STORE.manifest(batchOf("acme", jobId));
    assertThat(manifest.items()).isEqualTo(100_000);
    assertThat(manifest.chunks()).as("chunks of 10 would be 10,000").isEqualTo(1_000);
    ACME.delete("/v1/jobs/" + jobId).close();
  }

  @Test
  void answersItemsOnlyForTheCallersBatchJobs() {
    String batchId = ACME.submit(batch("Mine", 2));
    String reportId = ACME.submit(Payloads.PDF); // no pdf worker here: it stays queued

    try (Response response = GLOBEX.get("/v1/jobs/" + batchId + "/items")) {
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(ApiCalls.json(response).get("type").asText()).endsWith(":job-not-found");
    }
    try (Response response = ACME.get("/v1/jobs/" + reportId + "/items")) {
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
      assertThat(ApiCalls.json(response).get("type").asText()).endsWith(":job-has-no-items");
    }
    try (Response response = ACME.get("/v1/jobs/no-such-job/items")) {
      assertThat(response.getStatus()).isEqualTo(404);
    }
    for (String query :
        List.of(
            "pageSize=0",
            "pageSize=1001",
            "pageSize=ten",
            "status=done",
            "status=ACCEPTED",
            "pageToken=***",
            "pageToken=AAAAAAAAAAAAAAAAAAAA")) {
      try (Response response = ACME.get("/v1/jobs/" + batchId + "/items?" + query)) {
        assertThat(response.getStatus()).as(query).isEqualTo(400);
        assertThat(ApiCalls.json(response).get("errors").get(0).get("field").asText())
            .isEqualTo(query.substring(0, query.indexOf('=')));
      }
    }
  }

  @Test
  void answers410WhenTheBatchLeftTheStore() throws IOException {
    String jobId = ACME.submit(batch("Gone", 3));
    awaitStatus(jobId, "SUCCEEDED");
    STORE.delete(batchOf("acme", jobId));

    try (Response response = ACME.get("/v1/jobs/" + jobId + "/items")) {
      assertThat(response.getStatus()).isEqualTo(410);
      assertThat(ApiCalls.json(response).get("type").asText()).endsWith(":batch-gone");
    }
    JsonNode job = ApiCalls.json(ACME.get("/v1/jobs/" + jobId));
    assertThat(job.get("status").asText())
        .as("the status answers regardless")
        .isEqualTo("SUCCEEDED");
    assertThat(job.get("progress").isNull()).isTrue();
  }
}
