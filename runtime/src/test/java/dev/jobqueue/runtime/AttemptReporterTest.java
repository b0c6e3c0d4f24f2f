package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.email.EmailWorkflow;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleets' attempt reports, as a job's workflow receives them: every attempt in its dead letter.
 */
class AttemptReporterTest {
  private static final EmailMessage MESSAGE =
      EmailMessage.text(List.of("ada@example.com"), "Invoice", "Your invoice is attached.");

  private TestWorkflowEnvironment env;

  @BeforeEach
  void startServer() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new AttemptReporter(Clock.systemUTC()))
                        .build())
                .build());
    JobSearchAttributes.registrations().forEach(env::registerSearchAttribute);
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** Always fails with {@code failure}. */
  private static final class FailingRelay implements EmailActivities {
    final AtomicInteger attempts = new AtomicInteger();
    final ErrorType failure;

    FailingRelay(ErrorType failure) {
      this.failure = failure;
    }

    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      attempts.incrementAndGet();
      throw ActivityFailures.of(failure, "451 4.3.0 try later", null);
    }
  }

  private void start(FailingRelay relay, JobRef job, int maxAttempts) {
    var worker = env.newWorker(TaskQueues.EMAIL);
    worker.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    worker.registerActivitiesImplementations(relay);
    env.start();
    var workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                EmailWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(job.workflowId())
                    .setTaskQueue(TaskQueues.EMAIL)
                    .build());
    WorkflowClient.start(
        workflow::send,
        new EmailJob(job, MESSAGE, new RetryBudget(maxAttempts, RetryBudget.DEFAULT.total())));
  }

  private DeadLetter awaitDeadLetter(JobRef job) {
    // the test server skips time while the client sleeps in test time
    for (int i = 0; i < 600; i++) {
      var described = env.getWorkflowClient().newUntypedWorkflowStub(job.workflowId()).describe();
      if ("DEAD_LETTERED"
          .equals(described.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS))) {
        return described.getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError(job + " was never dead-lettered");
  }

  @Test
  void permanentFailureListsItsOneAttempt() {
    var relay = new FailingRelay(ErrorType.SmtpRejected);
    var job = new JobRef("bounce-1", "acme");
    start(relay, job, RetryBudget.DEFAULT.maxAttempts());

    DeadLetter letter = awaitDeadLetter(job);

    assertThat(relay.attempts).hasValue(1);
    assertThat(letter.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.attempt()).isEqualTo(1);
              assertThat(a.type()).isEqualTo("SmtpRejected");
              assertThat(a.retryable()).isFalse();
            });
  }

  @Test
  void spentRetryBudgetListsEveryAttempt() {
    var relay = new FailingRelay(ErrorType.SmtpTransient);
    var job = new JobRef("budget-1", "acme");
    start(relay, job, 4);

    DeadLetter letter = awaitDeadLetter(job);

    assertThat(relay.attempts).hasValue(4);
    assertThat(letter.attempts()).extracting(AttemptError::attempt).containsExactly(1, 2, 3, 4);
    assertThat(letter.attempts()).allSatisfy(a -> assertThat(a.type()).isEqualTo("SmtpTransient"));
  }
}
