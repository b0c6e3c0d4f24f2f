package dev.jobqueue.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailMessage;
import dev.jobqueue.email.EmailWorkflow;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobTestEnvironment;
import dev.jobqueue.job.JobType;
import dev.jobqueue.job.Redrive;
import dev.jobqueue.job.TestFailures;
import dev.jobqueue.retry.Failures;
import dev.jobqueue.retry.RetryBudget;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallbackWorkflowTest {
  private static final EmailMessage MESSAGE =
      EmailMessage.text(List.of("ada@example.com"), "Invoice", "Your invoice is attached.");
  private static final String URL = "https://hooks.example.com/jobs";

  private TestWorkflowEnvironment env;

  @BeforeEach
  void startServer() {
    env = JobTestEnvironment.start();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  /** A receiver that refuses the first {@code refusals} attempts (all when negative). */
  private static final class Receiver implements CallbackActivities {
    final List<CallbackRequest> attempts = new CopyOnWriteArrayList<>();
    final List<CallbackRequest> accepted = new CopyOnWriteArrayList<>();
    final int refusals;

    Receiver(int refusals) {
      this.refusals = refusals;
    }

    @Override
    public void deliver(CallbackRequest request) {
      attempts.add(request);
      if (refusals < 0 || attempts.size() <= refusals) {
        int attempt = Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
        throw Failures.build(
            ErrorType.CallbackRejected,
            "the receiver answered 503",
            null,
            CallbackOptions.BACKOFF,
            attempt,
            Duration.ZERO);
      }
      accepted.add(request);
    }
  }

  /** A relay that accepts, or refuses every message for good. */
  private static EmailActivities relay(boolean rejects) {
    return job -> {
      if (rejects) {
        throw TestFailures.of(ErrorType.SmtpRejected, "550 5.1.1 no such user");
      }
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    };
  }

  private EmailWorkflow start(JobRef job, EmailActivities relay, Receiver receiver) {
    var email = env.newWorker(TaskQueues.EMAIL);
    email.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    email.registerActivitiesImplementations(relay);
    var callbacks = env.newWorker(TaskQueues.CALLBACKS);
    callbacks.registerWorkflowImplementationTypes(CallbackWorkflowImpl.class);
    callbacks.registerActivitiesImplementations(receiver);
    env.start();
    var options =
        WorkflowOptions.newBuilder(JobTestEnvironment.options(job, JobType.EMAIL))
            .setMemo(Map.of(JobMemo.CALLBACK, URL, JobMemo.STATUS_FROM_EXECUTION, true))
            .build();
    var workflow = env.getWorkflowClient().newWorkflowStub(EmailWorkflow.class, options);
    WorkflowClient.start(workflow::send, new EmailJob(job, MESSAGE, RetryBudget.DEFAULT));
    return workflow;
  }

  @Test
  void deliversTheSucceededJobOnceTheReceiverAccepts() {
    var job = new JobRef("job-1", "acme");
    var receiver = new Receiver(3);
    start(job, relay(false), receiver);

    var result =
        env.getWorkflowClient()
            .newUntypedWorkflowStub(job.workflowId())
            .getResult(SendEmailResult.class);
    // the job ended with its result at once; its callback is a workflow of its own
    assertThat(result.messageId()).isEqualTo("<job-1@test>");
    env.getWorkflowClient()
        .newUntypedWorkflowStub(job.workflowId() + ".callback-succeeded-0")
        .getResult(Void.class);

    assertThat(receiver.attempts).hasSize(4);
    assertThat(receiver.accepted).hasSize(1);
    var delivered = receiver.accepted.getFirst();
    assertThat(delivered.url()).isEqualTo(URL);
    assertThat(delivered.deliveryId()).isEqualTo("job-1/SUCCEEDED/0");
    assertThat(delivered.job()).isEqualTo(job);
    assertThat(delivered.document().status()).isEqualTo("SUCCEEDED");
    assertThat(delivered.document().type()).isEqualTo("email");
    assertThat(delivered.document().jobId()).isEqualTo("job-1");
    assertThat(delivered.document().result()).isNotNull();
  }

  @Test
  void parksACallbackTheReceiverNeverAcceptsAndRedrivesIt() {
    var job = new JobRef("job-2", "acme");
    var receiver = new Receiver(-1);
    start(job, relay(true), receiver);
    String callbackId = job.workflowId() + ".callback-dead_lettered-0";

    awaitAttribute(callbackId, JobSearchAttributes.ERROR_TYPE, ErrorType.CallbackFailed.name());
    var callback = env.getWorkflowClient().newUntypedWorkflowStub(callbackId).describe();
    assertThat(callback.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS))
        .isEqualTo("DEAD_LETTERED");
    assertThat(callback.getTypedSearchAttributes().get(JobSearchAttributes.TENANT))
        .isEqualTo("acme");
    assertThat(callback.getTypedSearchAttributes().get(JobSearchAttributes.JOB_TYPE))
        .isEqualTo("email");
    var letter = callback.getMemo(DeadLetter.MEMO_KEY, DeadLetter.class, DeadLetter.class);
    assertThat(letter.errorType()).isEqualTo("CallbackFailed");
    assertThat(letter.message()).contains("job-2/DEAD_LETTERED/0").contains("503");
    assertThat(receiver.attempts).hasSizeGreaterThan(10);
    var first = receiver.attempts.getFirst();
    assertThat(first.document().status()).isEqualTo("DEAD_LETTERED");
    assertThat(first.document().lastError().type()).isEqualTo("SmtpRejected");

    // the job itself is parked as its own dead letter, untouched by its callback's fate
    assertThat(
            JobTestEnvironment.searchAttribute(
                env.getWorkflowClient(), job, JobSearchAttributes.ERROR_TYPE))
        .isEqualTo("SmtpRejected");

    // a redrive of the parked callback delivers it again, with a fresh budget
    int before = receiver.attempts.size();
    env.getWorkflowClient()
        .newWorkflowStub(CallbackWorkflow.class, callbackId)
        .redrive(new Redrive<>(null));
    awaitAttribute(callbackId, JobSearchAttributes.JOB_STATUS, "QUEUED");
    assertThat(receiver.attempts.size()).isGreaterThan(before);
  }

  @Test
  void callsBackACancelledJob() {
    var cancelled = new JobRef("job-3", "acme");
    var receiver = new Receiver(0);
    // the relay defers for ever: the job is retrying when it is cancelled
    EmailActivities deferring =
        job -> {
          throw TestFailures.of(ErrorType.SmtpTransient, "451 4.3.0 try later");
        };
    start(cancelled, deferring, receiver);
    env.sleep(Duration.ofSeconds(30));
    env.getWorkflowClient().newUntypedWorkflowStub(cancelled.workflowId()).cancel();
    awaitEnded(cancelled.workflowId() + ".callback-cancelled-0");
    assertThat(receiver.accepted)
        .extracting(r -> r.deliveryId() + " " + r.document().status())
        .containsExactly("job-3/CANCELLED/0 CANCELLED");
  }

  @Test
  void callsBackADiscardedDeadLetterAfterItsDeadLetteredOne() {
    var job = new JobRef("job-4", "acme");
    var receiver = new Receiver(0);
    var workflow = start(job, relay(true), receiver);
    awaitEnded(job.workflowId() + ".callback-dead_lettered-0");
    workflow.discard(new dev.jobqueue.job.Discard("not needed"));
    awaitEnded(job.workflowId() + ".callback-discarded-0");
    assertThat(receiver.accepted)
        .extracting(r -> r.document().status())
        .containsExactly("DEAD_LETTERED", "DISCARDED");
  }

  /** Waits until the callback's workflow has started, then until it has ended. */
  private void awaitEnded(String workflowId) {
    for (int i = 0; i < 600; i++) {
      try {
        env.getWorkflowClient().newUntypedWorkflowStub(workflowId).getResult(Void.class);
        return;
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        env.sleep(Duration.ofSeconds(1));
      }
    }
    throw new AssertionError(workflowId + " never started");
  }

  private void awaitAttribute(
      String workflowId, io.temporal.common.SearchAttributeKey<String> key, String value) {
    for (int i = 0; i < 2_000; i++) {
      try {
        var attributes =
            env.getWorkflowClient()
                .newUntypedWorkflowStub(workflowId)
                .describe()
                .getTypedSearchAttributes();
        if (value.equals(attributes.get(key))) {
          return;
        }
      } catch (io.temporal.client.WorkflowNotFoundException notYet) {
        // the job has not reached its end yet
      }
      env.sleep(Duration.ofMinutes(1));
    }
    throw new AssertionError(workflowId + " never had " + key.getName() + " = " + value);
  }
}
