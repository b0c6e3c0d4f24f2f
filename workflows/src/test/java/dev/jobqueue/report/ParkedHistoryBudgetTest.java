package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.job.TestFailures;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dead letter that lives long and takes many signals and redrives keeps its history bounded: its
 * workflow continues as new, parked, as the same job.
 */
class ParkedHistoryBudgetTest {
  /** Events per run: a few redrive cycles' worth, so a handful of them spends it. */
  private static final long BUDGET = 40;

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** Refuses every report but one titled {@code fixed}; records the titles it is given. */
  private static final class PickyRenderer implements ReportActivities {
    final List<String> titles = new CopyOnWriteArrayList<>();

    @Override
    public ReportResult renderReport(ReportJob job) {
      titles.add(job.title());
      if (!job.title().equals("fixed")) {
        throw TestFailures.of(ErrorType.InvalidReportData, "row 3 of " + job.title());
      }
      return new ReportResult("acme.pdf", 1, 1, "00", 1, 1, 0, 1);
    }

    @Override
    public void discardReport(ReportJob job) {}
  }

  private WorkflowExecution start(PickyRenderer renderer, JobRef job) {
    var worker = env.newWorker(TaskQueues.PDF);
    worker.registerWorkflowImplementationTypes(ReportWorkflowImpl.class);
    worker.registerActivitiesImplementations(renderer);
    env.start();
    var options =
        JobTestEnvironment.options(job, JobType.PDF).toBuilder()
            .setMemo(Map.of(JobMemo.HISTORY_BUDGET, BUDGET, JobMemo.REQUEST_HASH, "hash-1"))
            .build();
    return WorkflowClient.start(
        client.newWorkflowStub(ReportWorkflow.class, options)::render, report(job, "v0"));
  }

  private static ReportJob report(JobRef job, String title) {
    return new ReportJob(job, "statement", title, null, new SampleData(10, 7));
  }

  private ReportWorkflow current(JobRef job) {
    return client.newWorkflowStub(ReportWorkflow.class, job.workflowId());
  }

  @Test
  void aDeadLetterRedrivenAgainAndAgainContinuesAsNewAsTheSameParkedJob() throws Exception {
    var renderer = new PickyRenderer();
    var job = new JobRef("report-redriven", "acme");
    WorkflowExecution first = start(renderer, job);
    awaitParked(job, 0);

    int redrives = 8;
    for (int i = 1; i <= redrives; i++) {
      current(job).redrive(new Redrive<>(report(job, "v" + i)));
      awaitParked(job, i);
    }

    WorkflowExecutionDescription now = describe(job);
    assertThat(now.getExecution().getRunId()).as("a later run").isNotEqualTo(first.getRunId());
    assertThat(runHistory(job).size())
        .as("the run's history stays within its budget")
        .isLessThanOrEqualTo((int) BUDGET + 20);
    assertThat(now.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS))
        .isEqualTo("DEAD_LETTERED");
    assertThat(now.getTypedSearchAttributes().get(JobSearchAttributes.JOB_TYPE)).isEqualTo("pdf");
    assertThat(now.getTypedSearchAttributes().get(JobSearchAttributes.TENANT)).isEqualTo("acme");
    assertThat(now.getTypedSearchAttributes().get(JobSearchAttributes.ERROR_TYPE))
        .isEqualTo("InvalidReportData");
    assertThat(now.getMemo(JobMemo.REQUEST_HASH, String.class)).isEqualTo("hash-1");
    assertThat(now.getMemo(JobMemo.CREATED_AT, String.class)).isNotNull();
    DeadLetter letter = JobTestEnvironment.deadLetter(client, job);
    assertThat(letter.redrives()).isEqualTo(redrives);
    assertThat(letter.message()).contains("v" + redrives);
    ReportJob carried = startedWith(job);
    assertThat(carried.title()).as("the current, edited payload").isEqualTo("v" + redrives);

    // redriven once more from the run it continued into: runs as the same job
    current(job).redrive(new Redrive<>(report(job, "fixed")));
    ReportResult result =
        client.newUntypedWorkflowStub(job.workflowId()).getResult(ReportResult.class);

    assertThat(result.file()).isEqualTo("acme.pdf");
    assertThat(renderer.titles).startsWith("v0", "v1", "v2").endsWith("v8", "fixed");
    assertThat(status(job)).isEqualTo("SUCCEEDED");
    // the run that continued, and the one that succeeded, replay on the same code
    WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(job.workflowId(), first.getRunId()), ReportWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(job.workflowId()), ReportWorkflowImpl.class);
  }

  @Test
  void aParkedJobFloodedWithSignalsContinuesAsNewKeepingWhatTheyReported() {
    var renderer = new PickyRenderer();
    var job = new JobRef("report-flooded", "acme");
    WorkflowExecution first = start(renderer, job);
    awaitParked(job, 0);

    int reports = 30;
    for (int i = 1; i <= reports; i++) {
      current(job)
          .attemptFailed(new AttemptError(i, "InvalidReportData", "late " + i, false, "now"));
    }
    awaitUntil(
        "the job continued as new",
        () -> !describe(job).getExecution().getRunId().equals(first.getRunId()));
    awaitUntil(
        "every report reached the dead letter",
        () -> JobTestEnvironment.deadLetter(client, job).attempts().size() == reports);

    assertThat(status(job)).isEqualTo("DEAD_LETTERED");
    assertThat(JobTestEnvironment.deadLetter(client, job).attempts().getLast().message())
        .isEqualTo("late " + reports);
    assertThat(startedWith(job).title()).isEqualTo("v0");
    // and it is still a dead letter that can be discarded
    current(job).discard(new Discard("enough"));
    client.newUntypedWorkflowStub(job.workflowId()).getResult(ReportResult.class);
    assertThat(status(job)).isEqualTo("DISCARDED");
  }

  private void awaitParked(JobRef job, int redrives) {
    awaitUntil(
        "parked after " + redrives + " redrives",
        () -> {
          if (!"DEAD_LETTERED".equals(status(job))) {
            return false;
          }
          DeadLetter letter = JobTestEnvironment.deadLetter(client, job);
          return letter != null && letter.redrives() == redrives;
        });
  }

  /** Test time passes (a second at a time) until {@code condition} holds, for at most an hour. */
  private void awaitUntil(String what, java.util.function.BooleanSupplier condition) {
    for (int i = 0; i < 3_600; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("never " + what);
  }

  private WorkflowExecutionDescription describe(JobRef job) {
    return client.newUntypedWorkflowStub(job.workflowId()).describe();
  }

  /** The current run's history. */
  private List<HistoryEvent> runHistory(JobRef job) {
    return client
        .fetchHistory(job.workflowId(), describe(job).getExecution().getRunId())
        .getEvents();
  }

  /** The input the current run started with. */
  private ReportJob startedWith(JobRef job) {
    HistoryEvent started =
        first(runHistory(job), HistoryEvent::hasWorkflowExecutionStartedEventAttributes);
    return client
        .getOptions()
        .getDataConverter()
        .fromPayloads(
            0,
            java.util.Optional.of(started.getWorkflowExecutionStartedEventAttributes().getInput()),
            ReportJob.class,
            ReportJob.class);
  }

  private static HistoryEvent first(List<HistoryEvent> events, Predicate<HistoryEvent> which) {
    return events.stream().filter(which).findFirst().orElseThrow();
  }

  private String status(JobRef job) {
    return JobTestEnvironment.searchAttribute(client, job, JobSearchAttributes.JOB_STATUS);
  }
}
