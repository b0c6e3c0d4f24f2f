package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.ErrorType;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.callbacks.CallbackConfig;
import dev.jobqueue.callback.CallbackActivities;
import dev.jobqueue.callback.CallbackOptions;
import dev.jobqueue.callback.CallbackRequest;
import dev.jobqueue.callback.CallbackWorkflowImpl;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.retry.Failures;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.activity.Activity;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A callback the receiver never accepted, through the API: its dead letter is addressable by its
 * own id, and the dead-letter API's redrive delivers it again without running the job again.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CallbackDeadLetterResourceTest {
  private static final TestApi API = new TestApi();

  /** The receiver answers 503 until a test lets it accept. */
  private static final AtomicBoolean ACCEPTING = new AtomicBoolean();

  private static final List<CallbackRequest> ACCEPTED = new CopyOnWriteArrayList<>();
  private static final List<String> SENT = new CopyOnWriteArrayList<>();

  static {
    API.config.setCallbacks(
        new CallbackConfig(true, true, "", "acme=acme-callback-secret-0123456789"));
    var email = API.worker(TaskQueues.EMAIL);
    email.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    email.registerActivitiesImplementations(
        (EmailActivities)
            job -> {
              SENT.add(job.job().jobId());
              return new SendEmailResult(
                  "<" + job.job().jobId() + "@test>", job.message().to(), List.of());
            });
    var callbacks = API.worker(TaskQueues.CALLBACKS);
    callbacks.registerWorkflowImplementationTypes(CallbackWorkflowImpl.class);
    callbacks.registerActivitiesImplementations(
        (CallbackActivities)
            request -> {
              if (!ACCEPTING.get()) {
                throw Failures.build(
                    ErrorType.CallbackRejected,
                    "the receiver answered 503",
                    null,
                    CallbackOptions.BACKOFF,
                    Math.max(1, Activity.getExecutionContext().getInfo().getAttempt()),
                    Duration.ZERO);
              }
              ACCEPTED.add(request);
            });
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  /** The document of {@code jobId} once it reads {@code status}, skipping test time meanwhile. */
  private static JsonNode awaitStatus(String jobId, String status) {
    JsonNode last = null;
    for (int i = 0; i < 200; i++) {
      try (Response response = ACME.get("/v1/jobs/" + jobId)) {
        last = ApiCalls.json(response);
        if (response.getStatus() == 200 && status.equals(last.path("status").asText())) {
          return last;
        }
      }
      API.temporal.sleep(Duration.ofMinutes(30));
    }
    throw new AssertionError(jobId + " never read " + status + "; last: " + last);
  }

  @Test
  void aCallbackNeverAcceptedIsADeadLetterOfItsOwnThatARedriveDeliversAgain() {
    String jobId =
        ACME.submit(
            """
            {"type": "email", "callback": "http://127.0.0.1:9/hooks", "payload": {"to":
             ["ada@example.com"], "subject": "Receipt", "text": "Thanks"}}\
            """);
    awaitStatus(jobId, "SUCCEEDED");
    String callbackId = jobId + ".callback-succeeded-0";

    JsonNode parked = awaitStatus(callbackId, "DEAD_LETTERED");
    assertThat(parked.path("type").asText()).isEqualTo("email");
    assertThat(parked.path("lastError").path("type").asText()).isEqualTo("CallbackFailed");
    assertThat(parked.path("lastError").path("message").asText())
        .contains(jobId + "/SUCCEEDED/0")
        .contains("503");
    ACCEPTING.set(true);
    try (Response redrive =
        ACME.request("/v1/dead-letters/" + callbackId + "/redrive").post(null)) {
      assertThat(redrive.getStatus()).as("%s", ApiCalls.json(redrive)).isEqualTo(202);
    }
    awaitStatus(callbackId, "SUCCEEDED");
    assertThat(ACCEPTED)
        .extracting(CallbackRequest::deliveryId)
        .containsExactly(jobId + "/SUCCEEDED/0");
    assertThat(SENT).as("the job was not run again").containsExactly(jobId);
    // the job kept its own end throughout (read only now: reading a job's result lets the test
    // server skip ahead, past the parked callback's retention)
    assertThat(awaitStatus(jobId, "SUCCEEDED").path("result").path("messageId").asText())
        .contains(jobId);
  }
}
