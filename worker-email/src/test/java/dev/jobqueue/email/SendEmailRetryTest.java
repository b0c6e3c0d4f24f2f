package dev.jobqueue.email;

import static dev.jobqueue.email.ActivityHarness.textTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.retry.Backoff;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The activity retried by Temporal itself (the in-memory test server, time skipped): what an
 * earlier attempt settled reaches the next one, so a recipient the relay already took does not get
 * the message twice.
 */
class SendEmailRetryTest {
  private static final String QUEUE = "email-test";

  @WorkflowInterface
  public interface SendOnce {
    @WorkflowMethod
    SendEmailResult send(EmailJob job);
  }

  public static class SendOnceImpl implements SendOnce {
    private final EmailActivities email =
        Workflow.newActivityStub(
            EmailActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(20))
                .setRetryOptions(Backoff.DEFAULT.retryOptions(3))
                .build());

    @Override
    public SendEmailResult send(EmailJob job) {
      return email.sendEmail(job);
    }
  }

  @Test
  void retryDeliversOnlyToRecipientsTheRelayDeferred() throws Exception {
    try (var relay = ScriptedSmtpServer.start();
        var activities = new EmailActivitiesImpl(ActivityHarness.config(relay.port()));
        var env = TestWorkflowEnvironment.newInstance()) {
      relay.replyToRecipient(
          "greylisted", "451 4.7.1 greylisted, try again in 60 seconds", "250 2.1.5 OK");
      var worker = env.newWorker(QUEUE);
      worker.registerWorkflowImplementationTypes(SendOnceImpl.class);
      worker.registerActivitiesImplementations(activities);
      env.start();
      SendOnce workflow =
          env.getWorkflowClient()
              .newWorkflowStub(
                  SendOnce.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());

      SendEmailResult result =
          workflow.send(
              textTo("job-1", "ok@example.org", "greylisted@example.org", "bounce@example.org"));

      assertThat(result.accepted()).containsExactly("ok@example.org", "greylisted@example.org");
      assertThat(result.rejected())
          .extracting(RecipientFailure::address)
          .containsExactly("bounce@example.org");
      assertThat(relay.received())
          .extracting(ScriptedSmtpServer.Received::recipients)
          .containsExactly(List.of("ok@example.org"), List.of("greylisted@example.org"));
    }
  }
}
