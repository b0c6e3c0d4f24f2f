package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.Discard;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.job.TestFailures;
import dev.jobqueue.retry.Backoff;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmailWorkflowTest {
  private static final EmailMessage MESSAGE =
      EmailMessage.text(List.of("ada@example.com"), "Invoice", "Your invoice is attached.");

  private TestWorkflowEnvironment env;

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** Fails with {@code failure} until {@code failures} attempts have, noting when each began. */
  private final class FlakyRelay implements EmailActivities {
    final List<Long> attemptStartedAt = new ArrayList<>();
    final List<Integer> attemptNumbers = new ArrayList<>();
    final ErrorType failure;
    final int failures;

    FlakyRelay(ErrorType failure, int failures) {
      this.failure = failure;
      this.failures = failures;
    }

    @Override
    public synchronized SendEmailResult sendEmail(EmailJob job) {
      attemptStartedAt.add(env.currentTimeMillis());
      attemptNumbers.add(
          io.temporal.activity.Activity.getExecutionContext().getInfo().getAttempt());
      if (attemptStartedAt.size() <= failures) {
        throw TestFailures.of(failure, "451 4.3.0 try later");
      }
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  private SendEmailResult runJob(FlakyRelay relay, JobRef job) {
    startJob(relay, job);
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(job.workflowId())
        .getResult(SendEmailResult.class);
  }

  private EmailWorkflow startJob(FlakyRelay relay, JobRef job) {
    return startJob(relay, job, RetryBudget.DEFAULT.maxAttempts());
  }

  /** Starts the job with a retry budget of {@code maxAttempts}, as the API gives it. */
  private EmailWorkflow startJob(FlakyRelay relay, JobRef job, int maxAttempts) {
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(relay);
    env.start();
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(EmailWorkflow.class, JobTestEnvironment.options(job, JobType.EMAIL));
    WorkflowClient.start(
        workflow::send,
        new EmailJob(job, MESSAGE, new RetryBudget(maxAttempts, RetryBudget.DEFAULT.total())));
    return workflow;
  }

  private void awaitStatus(JobRef job, String status) {
    // the test server skips time while the client sleeps in test time
    for (int i = 0; i < 600; i++) {
      if (status.equals(
          JobTestEnvironment.searchAttribute(
              env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))) {
        return;
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError(job + " never reached " + status);
  }

  /** Every value the workflow gave the JobStatus search attribute, in order, from its history. */
  private List<String> statusHistory(JobRef job) {
    var history = env.getWorkflowClient().fetchHistory(job.workflowId());
    var statuses = new ArrayList<String>();
    for (var event : history.getEvents()) {
      if (event.hasUpsertWorkflowSearchAttributesEventAttributes()) {
        var fields =
            event
                .getUpsertWorkflowSearchAttributesEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsMap();
        var payload = fields.get("JobStatus");
        if (payload != null) {
          statuses.add(
              io.temporal.common.converter.DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                  payload, String.class, String.class));
        }
      }
    }
    return statuses;
  }

  private static List<Long> gaps(List<Long> startedAt) {
    var gaps = new ArrayList<Long>();
    for (int i = 1; i < startedAt.size(); i++) {
      gaps.add(startedAt.get(i) - startedAt.get(i - 1));
    }
    return gaps;
  }

  /** The history's events of {@code type}. */
  private long events(JobRef job, io.temporal.api.enums.v1.EventType type) {
    return env.getWorkflowClient().fetchHistory(job.workflowId()).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .count();
  }

  @Test
  void aJobWhoseStarterSaysItsStatusComesFromTheExecutionCostsNoVersionMarker() {
    var job = new JobRef("marked", "acme");
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FlakyRelay(ErrorType.SmtpTransient, 0));
    env.start();
    var options =
        io.temporal.client.WorkflowOptions.newBuilder(
                JobTestEnvironment.options(job, JobType.EMAIL))
            .setMemo(java.util.Map.of(dev.jobqueue.job.JobMemo.STATUS_FROM_EXECUTION, true))
            .build();
    var workflow = env.getWorkflowClient().newWorkflowStub(EmailWorkflow.class, options);
    workflow.send(new EmailJob(job, MESSAGE, RetryBudget.DEFAULT));

    // start, the send, the one status the workflow alone knows: three actions
    assertThat(events(job, io.temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED)).isZero();
    assertThat(events(job, io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
        .isOne();
    assertThat(statusHistory(job)).containsExactly("SUCCEEDED");
  }

  @Test
  void aJobStartedWithoutThatWordChecksItsVersionAndStillWritesOnlyItsEnd() {
    var job = new JobRef("unmarked", "acme");
    runJob(new FlakyRelay(ErrorType.SmtpTransient, 0), job);

    assertThat(events(job, io.temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED)).isOne();
    assertThat(statusHistory(job)).containsExactly("SUCCEEDED");
  }

  @Test
  void retriesTransientFailuresWithGrowingJitteredDelays() {
    var relay = new FlakyRelay(ErrorType.SmtpTransient, 6);
    var job = new JobRef("retry-1", "acme");

    SendEmailResult result = runJob(relay, job);

    assertThat(result.accepted()).containsExactly("ada@example.com");
    assertThat(relay.attemptStartedAt).hasSize(7);
    List<Long> gaps = gaps(relay.attemptStartedAt);
    List<Long> pureExponential = new ArrayList<>();
    for (int attempt = 1; attempt <= gaps.size(); attempt++) {
      long exponential = Backoff.DEFAULT.exponential(attempt).toMillis();
      pureExponential.add(exponential);
      // each delay lies in the ±20 % band around its exponential value
      assertThat(gaps.get(attempt - 1))
          .as("delay after attempt %d", attempt)
          .isBetween((long) (exponential * 0.8) - 50, (long) (exponential * 1.2) + 50);
    }
    assertThat(gaps).as("delays grow").isSorted().doesNotHaveDuplicates();
    assertThat(gaps).as("jittered, not pure exponential").isNotEqualTo(pureExponential);
    long offTheCurve =
        java.util.stream.IntStream.range(0, gaps.size())
            .filter(i -> Math.abs(gaps.get(i) - pureExponential.get(i)) > 20)
            .count();
    // a jittered delay lands within 20 ms of the pure value now and then (1 s ± 200 ms: one in
    // ten); pure exponential backoff would put none off it
    assertThat(offTheCurve).as("delays off the pure curve").isGreaterThanOrEqualTo(gaps.size() / 2);
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void twoJobsRetryOnDifferentSchedules() {
    var first = new FlakyRelay(ErrorType.SmtpUnavailable, 4);
    var second = new FlakyRelay(ErrorType.SmtpUnavailable, 4);
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        (EmailActivities)
            job -> job.job().jobId().equals("a") ? first.sendEmail(job) : second.sendEmail(job));
    env.start();
    var client = env.getWorkflowClient();
    var a = new JobRef("a", "acme");
    var b = new JobRef("b", "acme");
    var stubA =
        client.newWorkflowStub(EmailWorkflow.class, JobTestEnvironment.options(a, JobType.EMAIL));
    var stubB =
        client.newWorkflowStub(EmailWorkflow.class, JobTestEnvironment.options(b, JobType.EMAIL));
    io.temporal.client.WorkflowClient.start(stubA::send, new EmailJob(a, MESSAGE));
    io.temporal.client.WorkflowClient.start(stubB::send, new EmailJob(b, MESSAGE));
    client.newUntypedWorkflowStub(a.workflowId()).getResult(SendEmailResult.class);
    client.newUntypedWorkflowStub(b.workflowId()).getResult(SendEmailResult.class);

    // without jitter two jobs failing together would retry together, in lockstep, forever
    List<Long> gapsA = gaps(first.attemptStartedAt);
    List<Long> gapsB = gaps(second.attemptStartedAt);
    assertThat(gapsA).hasSize(4);
    assertThat(gapsB).hasSize(4);
    long apart =
        java.util.stream.IntStream.range(0, 4)
            .filter(i -> Math.abs(gapsA.get(i) - gapsB.get(i)) > 100)
            .count();
    assertThat(apart).as("retries more than 100 ms apart, of %s and %s", gapsA, gapsB).isPositive();
  }

  @Test
  void permanentFailureIsDeadLetteredWithoutFurtherAttempts() {
    var relay = new FlakyRelay(ErrorType.SmtpRejected, Integer.MAX_VALUE);
    var job = new JobRef("bounce-1", "acme");
    startJob(relay, job);

    var client = env.getWorkflowClient();
    awaitStatus(job, "DEAD_LETTERED");
    assertThat(relay.attemptStartedAt).hasSize(1);
    assertThat(JobTestEnvironment.searchAttribute(client, job, JobSearchAttributes.ERROR_TYPE))
        .isEqualTo("SmtpRejected");
    DeadLetter letter = JobTestEnvironment.deadLetter(client, job);
    assertThat(letter.errorType()).isEqualTo("SmtpRejected");
    assertThat(letter.message()).isEqualTo("451 4.3.0 try later");
    // the attempts it lists are the fleets' reports: AttemptReporterTest in runtime
  }

  @Test
  void spentRetryBudgetLeavesExactlyOneDeadLetter() {
    var relay = new FlakyRelay(ErrorType.SmtpTransient, Integer.MAX_VALUE);
    var job = new JobRef("budget-1", "acme");
    startJob(relay, job, 4);

    awaitStatus(job, "DEAD_LETTERED");
    assertThat(relay.attemptStartedAt).hasSize(4);
    DeadLetter letter = JobTestEnvironment.deadLetter(env.getWorkflowClient(), job);
    assertThat(letter.errorType()).isEqualTo("SmtpTransient");
    assertThat(letter.redrives()).isZero();
    // the workflow writes what only it decides; RUNNING and RETRYING are the execution's own
    assertThat(statusHistory(job)).containsExactly("DEAD_LETTERED");
  }

  @Test
  void aDeadlineThatPassesCancelsTheWorkAndParksTheJobAsADeadLetterThatCanBeRedriven() {
    // the relay defers every attempt: the retry budget (12 attempts, 24 h) outlasts the deadline
    var relay = new FlakyRelay(ErrorType.SmtpTransient, 1_000);
    var job = new JobRef("deadline-1", "acme");
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(relay);
    env.start();
    long due = env.currentTimeMillis();
    var options =
        io.temporal.client.WorkflowOptions.newBuilder(
                JobTestEnvironment.options(job, JobType.EMAIL))
            .setMemo(
                java.util.Map.of(
                    dev.jobqueue.job.JobMemo.STATUS_FROM_EXECUTION,
                    true,
                    dev.jobqueue.job.JobMemo.DEADLINE_AT,
                    java.time.Instant.ofEpochMilli(due).plusSeconds(20).toString(),
                    dev.jobqueue.job.JobMemo.DEADLINE,
                    "PT20S"))
            .build();
    var workflow = env.getWorkflowClient().newWorkflowStub(EmailWorkflow.class, options);
    WorkflowClient.start(workflow::send, new EmailJob(job, MESSAGE, RetryBudget.DEFAULT));

    awaitStatus(job, "DEAD_LETTERED");

    var letter = JobTestEnvironment.deadLetter(env.getWorkflowClient(), job);
    assertThat(letter.errorType()).isEqualTo(ErrorType.DeadlineExceeded.name());
    assertThat(letter.message()).contains("deadline of PT20S");
    assertThat(relay.attemptStartedAt).as("attempts before the deadline").hasSizeGreaterThan(1);
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.ERROR_TYPE))
        .isEqualTo("DeadlineExceeded");
    long attemptsBefore = relay.attemptStartedAt.size();
    assertThat(relay.attemptStartedAt).allSatisfy(at -> assertThat(at).isLessThan(due + 20_000));

    // parked, it waits for its retention, not for Temporal to time it out
    env.sleep(Duration.ofMinutes(5));
    assertThat(
            env.getWorkflowClient().newUntypedWorkflowStub(job.workflowId()).describe().getStatus())
        .isEqualTo(
            io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(relay.attemptStartedAt).as("nothing sent once parked").hasSize((int) attemptsBefore);

    // a redrive runs it on the same deadline again, from the redrive: parked a second time
    long redrivenAt = env.currentTimeMillis();
    workflow.redrive(new Redrive<>(null));
    awaitStatus(job, "QUEUED");
    awaitStatus(job, "DEAD_LETTERED");
    var again = JobTestEnvironment.deadLetter(env.getWorkflowClient(), job);
    assertThat(again.errorType()).isEqualTo(ErrorType.DeadlineExceeded.name());
    assertThat(again.redrives()).isEqualTo(1);
    assertThat(relay.attemptStartedAt.size()).isGreaterThan((int) attemptsBefore);
    assertThat(relay.attemptStartedAt.getLast()).isBetween(redrivenAt, redrivenAt + 20_000);
  }

  @Test
  void redriveRunsAgainWithFreshBudgetAndCorrectedMessage() {
    var relay = new FlakyRelay(ErrorType.SmtpRejected, 1);
    var job = new JobRef("redrive-1", "acme");
    EmailWorkflow workflow = startJob(relay, job, 2);
    awaitStatus(job, "DEAD_LETTERED");

    var corrected = EmailMessage.text(List.of("grace@example.com"), "Invoice", "Fixed");
    workflow.redrive(new Redrive<>(new EmailJob(job, corrected)));
    SendEmailResult result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .getResult(SendEmailResult.class);

    assertThat(result.accepted()).containsExactly("grace@example.com");
    assertThat(relay.attemptNumbers).containsExactly(1, 1);
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("SUCCEEDED");
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.ERROR_TYPE))
        .isNull();
  }

  @Test
  void discardEndsTheDeadLetter() {
    var relay = new FlakyRelay(ErrorType.InvalidMessage, Integer.MAX_VALUE);
    var job = new JobRef("discard-1", "acme");
    EmailWorkflow workflow = startJob(relay, job);
    awaitStatus(job, "DEAD_LETTERED");

    workflow.discard(new Discard("operator: duplicate"));

    assertThat(
            env.getWorkflowClient()
                .newUntypedWorkflowStub(job.workflowId())
                .getResult(SendEmailResult.class))
        .isNull();
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("DISCARDED");
    assertThat(relay.attemptStartedAt).hasSize(1);
  }

  @Test
  void deadLetterExpiresAfterRetention() {
    var relay = new FlakyRelay(ErrorType.SmtpRejected, Integer.MAX_VALUE);
    var job = new JobRef("expire-1", "acme");
    startJob(relay, job);
    awaitStatus(job, "DEAD_LETTERED");
    var parkedAt =
        java.time.Instant.parse(
            JobTestEnvironment.deadLetter(env.getWorkflowClient(), job).deadLetteredAt());

    // waiting for the result lets the test server skip ahead to the retention timer
    assertThat(
            env.getWorkflowClient()
                .newUntypedWorkflowStub(job.workflowId())
                .getResult(SendEmailResult.class))
        .isNull();

    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("DISCARDED");
    var closedAt =
        env.getWorkflowClient().newUntypedWorkflowStub(job.workflowId()).describe().getCloseTime();
    assertThat(Duration.between(parkedAt, closedAt))
        .isGreaterThanOrEqualTo(JobLifecycle.DEFAULT_RETENTION);
  }
}
