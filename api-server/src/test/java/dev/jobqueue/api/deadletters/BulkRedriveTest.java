package dev.jobqueue.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The signalling half of a bulk redrive on the test server. Selecting needs a visibility query the
 * test server lacks; the whole endpoint runs against the dev server in system-tests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BulkRedriveTest {
  /** The stand-in relay refuses everything for good until a test lets mail through. */
  private static final AtomicBoolean REFUSING = new AtomicBoolean(true);

  private static final TestApi API = new TestApi();

  static {
    var email = API.worker(TaskQueues.EMAIL);
    email.registerWorkflowImplementationTypes(EmailWorkflowImpl.class);
    email.registerActivitiesImplementations(new StandInRelay());
    API.start();
  }

  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  static final class StandInRelay implements EmailActivities {
    @Override
    public SendEmailResult sendEmail(EmailJob job) {
      if (REFUSING.get()) {
        throw ApplicationFailure.newNonRetryableFailure("550 5.1.1 no such user", "SmtpRejected");
      }
      return new SendEmailResult("<" + job.job().jobId() + "@test>", job.message().to(), List.of());
    }
  }

  private static String status(String jobId) {
    return ApiCalls.json(ACME.get("/v1/jobs/" + jobId)).path("status").asText();
  }

  private static void awaitAll(List<String> jobIds, String status) {
    await("jobs " + status)
        .atMost(Duration.ofMinutes(2))
        .until(() -> jobIds.stream().allMatch(id -> status.equals(status(id))));
  }

  @Test
  void signalsEveryParkedJobAndCountsThoseThatEndedMeanwhileAsFailed() {
    var bulk =
        new BulkRedrive(
            API.client(),
            API.config.getTemporal(),
            new TemporalDeadline(Duration.ofSeconds(5)),
            API.registry);
    List<String> parked =
        IntStream.range(0, 40).mapToObj(i -> ACME.submit(Payloads.EMAIL)).toList();
    String discarded = ACME.submit(Payloads.EMAIL);
    awaitAll(parked, "DEAD_LETTERED");
    awaitAll(List.of(discarded), "DEAD_LETTERED");
    ACME.delete("/v1/dead-letters/" + discarded).close();
    awaitAll(List.of(discarded), "DISCARDED");
    REFUSING.set(false);

    var jobs = new ArrayList<ParkedJob>();
    parked.forEach(id -> jobs.add(new ParkedJob(new JobRef(id, "acme"), JobType.EMAIL)));
    jobs.add(new ParkedJob(new JobRef(discarded, "acme"), JobType.EMAIL));
    var result = bulk.signal(jobs);

    assertThat(result).isEqualTo(new BulkRedriveResult(40, 1));
    awaitAll(parked, "SUCCEEDED");
    assertThat(
            API.registry
                .find(DeadLetterActions.REDRIVE_REQUESTS_METRIC)
                .tags("job_type", "email", "tenant", "acme")
                .counter()
                .count())
        .isEqualTo(40);
  }
}
