package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.report.ReportActivities;
import dev.jobqueue.report.ReportJob;
import dev.jobqueue.report.ReportResult;
import dev.jobqueue.report.ReportWorkflow;
import dev.jobqueue.report.ReportWorkflowImpl;
import dev.jobqueue.report.SampleData;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A long-parked dead letter whose workflow continued as new is still the same job to the API: the
 * same status, and the time it was created rather than the time its latest run started.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ContinuedJobStatusTest {
  private static final TestApi API = new TestApi();

  static {
    var pdf = API.worker(TaskQueues.PDF);
    pdf.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    pdf.registerActivitiesImplementations(new Refusing());
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  /** Refuses every report for good. */
  static final class Refusing implements ReportActivities {
    @Override
    public ReportResult renderReport(ReportJob job) {
      throw ApplicationFailure.newNonRetryableFailure("row 3 is negative", "InvalidReportData");
    }

    @Override
    public void discardReport(ReportJob job) {}
  }

  @Test
  void aDeadLetterThatContinuedAsNewKeepsItsStatusAndWhenItWasCreated() {
    var job = new JobRef("report-long-parked", "acme");
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
            .setMemo(Map.of(JobMemo.STATUS_FROM_EXECUTION, true, JobMemo.HISTORY_BUDGET, 30L))
            .build();
    var client = API.client();
    var input = new ReportJob(job, "statement", "Statement", null, new SampleData(10, 1));
    WorkflowExecution first =
        WorkflowClient.start(client.newWorkflowStub(ReportWorkflow.class, options)::render, input);
    Instant firstStarted =
        Instant.parse(ApiCalls.json(ACME.get("/v1/jobs/" + job.jobId())).get("createdAt").asText());
    for (int redrives = 0; redrives < 6; redrives++) {
      awaitParked(job, redrives);
      API.temporal.sleep(Duration.ofMinutes(5)); // test time, so that a later run starts later
      client.newWorkflowStub(ReportWorkflow.class, job.workflowId()).redrive(new Redrive<>(null));
    }
    awaitParked(job, 6);
    String latestRun =
        client.newUntypedWorkflowStub(job.workflowId()).describe().getExecution().getRunId();

    JsonNode status = ApiCalls.json(ACME.get("/v1/jobs/" + job.jobId()));

    assertThat(latestRun).as("the job continued as new").isNotEqualTo(first.getRunId());
    assertThat(status.get("status").asText()).isEqualTo("DEAD_LETTERED");
    assertThat(status.get("lastError").get("type").asText()).isEqualTo("InvalidReportData");
    assertThat(Instant.parse(status.get("createdAt").asText())).isEqualTo(firstStarted);
  }

  private static void awaitParked(JobRef job, int redrives) {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () -> {
              var description = API.client().newUntypedWorkflowStub(job.workflowId()).describe();
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
