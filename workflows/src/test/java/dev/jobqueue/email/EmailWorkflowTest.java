package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.retry.Backoff;
import dev.jobqueue.retry.Failures;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
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
    final ErrorType failure;
    final int failures;

    FlakyRelay(ErrorType failure, int failures) {
      this.failure = failure;
      this.failures = failures;
    }

    @Override
    public synchronized SendEmailResult sendEmail(EmailJob job) {
      attemptStartedAt.add(env.currentTimeMillis());
      if (attemptStartedAt.size() <= failures) {
        throw Failures.of(failure, "451 4.3.0 try later", null);
      }
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  private SendEmailResult runJob(FlakyRelay relay, JobRef job) {
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(relay);
    env.start();
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(EmailWorkflow.class, JobTestEnvironment.options(job, TaskQueues.EMAIL));
    return workflow.send(new EmailJob(job, MESSAGE));
  }

  private static List<Long> gaps(List<Long> startedAt) {
    var gaps = new ArrayList<Long>();
    for (int i = 1; i < startedAt.size(); i++) {
      gaps.add(startedAt.get(i) - startedAt.get(i - 1));
    }
    return gaps;
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
    assertThat(offTheCurve).as("delays off the pure curve").isGreaterThanOrEqualTo(gaps.size() - 1);
    assertThat(JobTestEnvironment.searchAttribute(env.getWorkflowClient(), job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("SUCCEEDED");
  }

  @Test
  void twoJobsRetryOnDifferentSchedules() {
    var first = new FlakyRelay(ErrorType.SmtpUnavailable, 4);
    var second = new FlakyRelay(ErrorType.SmtpUnavailable, 4);
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        (EmailActivities) job -> job.job().jobId().equals("a") ? first.sendEmail(job) : second.sendEmail(job));
    env.start();
    var client = env.getWorkflowClient();
    var a = new JobRef("a", "acme");
    var b = new JobRef("b", "acme");
    var stubA = client.newWorkflowStub(EmailWorkflow.class, JobTestEnvironment.options(a, TaskQueues.EMAIL));
    var stubB = client.newWorkflowStub(EmailWorkflow.class, JobTestEnvironment.options(b, TaskQueues.EMAIL));
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
  void permanentFailureStopsRetryingAtOnce() {
    var relay = new FlakyRelay(ErrorType.SmtpRejected, Integer.MAX_VALUE);
    var job = new JobRef("bounce-1", "acme");

    assertThatThrownBy(() -> runJob(relay, job))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo("SmtpRejected");
              assertThat(failure.isNonRetryable()).isTrue();
            });
    assertThat(relay.attemptStartedAt).hasSize(1);
    var client = env.getWorkflowClient();
    assertThat(JobTestEnvironment.searchAttribute(client, job, JobSearchAttributes.JOB_STATUS))
        .isEqualTo("DEAD_LETTERED");
    assertThat(JobTestEnvironment.searchAttribute(client, job, JobSearchAttributes.ERROR_TYPE))
        .isEqualTo("SmtpRejected");
  }
}
