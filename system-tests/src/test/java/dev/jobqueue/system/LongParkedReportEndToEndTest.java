package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportRow;
import dev.jobqueue.report.ReportWorkflow;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead letter redriven again and again on the real server continues as new (here on a small
 * history budget) and stays one job to the API: listed once, with its status and its creation time,
 * and redrivable to success.
 */
class LongParkedReportEndToEndTest {
  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;

  @BeforeAll
  static void startStack() throws Exception {
    stack = Harness.stack(work).start();
    api = stack.api();
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  @Test
  void aDeadLetterThatContinuedAsNewIsListedOnceAndStaysTheSameJob() throws Exception {
    var job = new JobRef("long-parked-report", stack.tenant());
    WorkflowClient client = stack.temporal().client();
    // as the API starts a job, with a history budget small enough to spend in a few redrives
    var options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(job.workflowId())
            .setTaskQueue(TaskQueues.PDF)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(JobSearchAttributes.JOB_TYPE, JobType.PDF.wireName())
                    .set(JobSearchAttributes.TENANT, job.tenant())
                    .set(JobSearchAttributes.JOB_STATUS, JobStatus.QUEUED.name())
                    .build())
            .setMemo(
                Map.of(
                    JobMemo.STATUS_FROM_EXECUTION,
                    true,
                    JobMemo.REQUEST_HASH,
                    "test-hash",
                    JobMemo.HISTORY_BUDGET,
                    30L))
            .build();
    var bad =
        new ReportJob(
            job,
            "statement",
            "v0",
            List.of(new ReportRow("2026-01-31", "Widgets", null, 250L)),
            null);
    var first =
        WorkflowClient.start(client.newWorkflowStub(ReportWorkflow.class, options)::render, bad);
    awaitParked(client, job, 0);
    String createdAt = api.job(job.jobId()).path("createdAt").asText();

    int redrives = 6;
    for (int i = 1; i <= redrives; i++) {
      // as it was: the API would refuse a corrected payload with bad data
      var redrive = api.post("/v1/dead-letters/" + job.jobId() + "/redrive", "{}");
      assertThat(redrive.status()).as("redrive %d: %s", i, redrive.json()).isEqualTo(202);
      awaitParked(client, job, i);
    }

    var description = client.newUntypedWorkflowStub(job.workflowId()).describe();
    assertThat(description.getExecution().getRunId())
        .as("continued as new")
        .isNotEqualTo(first.getRunId());
    assertThat(description.getMemo(JobMemo.REQUEST_HASH, String.class)).isEqualTo("test-hash");
    JsonNode status = api.job(job.jobId());
    assertThat(status.path("status").asText()).isEqualTo("DEAD_LETTERED");
    assertThat(status.path("lastError").path("type").asText()).isEqualTo("InvalidReportData");
    // the workflow knows its start to the millisecond only
    assertThat(Instant.parse(status.path("createdAt").asText()))
        .isEqualTo(Instant.parse(createdAt).truncatedTo(ChronoUnit.MILLIS));
    for (String list : List.of("/v1/jobs?pageSize=100", "/v1/jobs?type=pdf&pageSize=100")) {
      assertThat(listed(list, job.jobId())).as(list).containsExactly("DEAD_LETTERED");
    }
    assertThat(listed("/v1/jobs?type=pdf&status=DEAD_LETTERED&pageSize=100", job.jobId()))
        .containsExactly("DEAD_LETTERED");
    assertThat(listed("/v1/jobs?type=pdf&status=SUCCEEDED&pageSize=100", job.jobId())).isEmpty();

    var fixed =
        api.post(
            "/v1/dead-letters/" + job.jobId() + "/redrive",
            """
            {"payload": {"template": "statement", "title": "fixed", "sample": {"rows": 100, "seed": 1}}}\
            """);
    assertThat(fixed.status()).as("%s", fixed.json()).isEqualTo(202);
    await("SUCCEEDED")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "SUCCEEDED".equals(api.status(job.jobId())));
    assertThat(api.get("/v1/jobs/" + job.jobId() + "/result").status()).isEqualTo(200);
    assertThat(listed("/v1/jobs?type=pdf&pageSize=100", job.jobId())).containsExactly("SUCCEEDED");
  }

  /** The statuses the list shows for the job, one per time it lists it. */
  private static List<String> listed(String path, String jobId) throws Exception {
    var statuses = new ArrayList<String>();
    for (JsonNode item : api.get(path).json().path("items")) {
      if (jobId.equals(item.path("jobId").asText())) {
        statuses.add(item.path("status").asText());
      }
    }
    return statuses;
  }

  private static void awaitParked(WorkflowClient client, JobRef job, int redrives) {
    await("parked after " + redrives + " redrives")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              var description = client.newUntypedWorkflowStub(job.workflowId()).describe();
              var letter =
                  description.getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
              return "DEAD_LETTERED"
                      .equals(
                          description
                              .getTypedSearchAttributes()
                              .get(JobSearchAttributes.JOB_STATUS))
                  && letter != null
                  && letter.redrives() == redrives;
            });
  }
}
