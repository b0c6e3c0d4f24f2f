package dev.jobqueue.email;

import static dev.jobqueue.email.ActivityHarness.textTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.ErrorType;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A send starts on the wire only with enough of its attempt left ({@link TimeLeft}): one attempt of
 * the activity, scheduled by a workflow on the in-memory server (real time, so the attempt's start
 * is now), with the activity's clock set ahead to stand for the time an attempt already spent.
 */
class SendEmailTimeLeftTest {
  private static final String QUEUE = "email-time-left-test";
  private static final Duration MINIMUM = Duration.ofSeconds(5);

  @WorkflowInterface
  public interface SendOnce {
    @WorkflowMethod
    SendEmailResult send(EmailJob job);
  }

  /** One attempt with the SendEmail's start-to-close timeout, no retry. */
  public static class SendOnceImpl implements SendOnce {
    private final EmailActivities email =
        Workflow.newActivityStub(
            EmailActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public SendEmailResult send(EmailJob job) {
      return email.sendEmail(job);
    }
  }

  private ScriptedSmtpServer relay;
  private SmtpTransportPool pool;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void start() {
    relay = ScriptedSmtpServer.start();
    pool = new SmtpTransportPool(ActivityHarness.config(relay.port()).withPoolSize(1));
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
  }

  @AfterEach
  void stop() throws Exception {
    env.close();
    pool.close();
    relay.close();
  }

  @Test
  void anAttemptWithTooLittleTimeLeftFailsRetryablyWithoutTouchingTheRelay() {
    // 27 s of a 30 s attempt gone: 3 s left, less than the 5 s a send needs
    ApplicationFailure failure = failureOf(spent(Duration.ofSeconds(27)));

    assertThat(failure.getType()).isEqualTo(ErrorType.TooLittleTimeLeft.name());
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("left of the attempt");
    assertThat(relay.connectionsOpened()).isZero();
    assertThat(relay.received()).isEmpty();
  }

  @Test
  void waitingForAPooledConnectionEndsWhereTheAttemptWouldHaveTooLittleLeft() throws Exception {
    // 6 s left: the sender may wait 1 s for a connection, and the only one is out for good
    var held = pool.borrow();
    try {
      ApplicationFailure failure = failureOf(spent(Duration.ofSeconds(24)));

      assertThat(failure.getType()).isEqualTo(ErrorType.TooLittleTimeLeft.name());
      assertThat(failure.getOriginalMessage()).contains("no SMTP connection came free");
      assertThat(relay.received()).isEmpty();
      assertThat(pool.waiting()).isZero();
    } finally {
      pool.release(held, true);
    }
  }

  @Test
  void anAttemptWithTimeToSpareSends() {
    SendOnce workflow = start(spent(Duration.ZERO));

    SendEmailResult result = workflow.send(textTo("job-on-time", "ada@example.org"));

    assertThat(result.accepted()).containsExactly("ada@example.org");
    assertThat(relay.received())
        .extracting(ScriptedSmtpServer.Received::recipients)
        .containsExactly(List.of("ada@example.org"));
  }

  /** The activity, with its clock {@code spent} ahead of the attempt's start. */
  private EmailActivitiesImpl spent(Duration spent) {
    return new EmailActivitiesImpl(
        ActivityHarness.config(relay.port()).withPoolSize(1),
        pool,
        MINIMUM,
        Clock.offset(Clock.systemUTC(), spent));
  }

  private SendOnce start(EmailActivitiesImpl activities) {
    var worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(SendOnceImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(SendOnce.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
  }

  private ApplicationFailure failureOf(EmailActivitiesImpl activities) {
    SendOnce workflow = start(activities);
    var failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow.send(textTo("job-late", "ada@example.org")));
    assertThat(failed).as("the send should fail").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(ActivityFailure.class);
    assertThat(failed.getCause().getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failed.getCause().getCause();
  }
}
