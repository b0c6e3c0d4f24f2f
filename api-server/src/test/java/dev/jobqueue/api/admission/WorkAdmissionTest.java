package dev.jobqueue.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.StoppedClock;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.api.http.BodyLimit;
import dev.jobqueue.api.jobs.RetryConfig;
import dev.jobqueue.api.jobs.Submission;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.job.JobRef;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admission in work: emails and pages, not requests; and the cap on bulk work under way. */
class WorkAdmissionTest {
  private static final ObjectMapper MAPPER = ApiJson.configure(Jackson.newObjectMapper());
  private static final Submissions SUBMISSIONS =
      new Submissions(
          MAPPER, RetryConfig.DEFAULT, SenderDomains.parse("", "noreply@jobqueue.test"));

  private final StoppedClock clock = new StoppedClock();
  private final Map<String, Long> listed = new HashMap<>();
  private final BulkInFlight bulk = new BulkInFlight(tenant -> Map.copyOf(listed), clock);

  private static AdmissionConfig config(
      double emailsPerSecond, long emailBurst, long maxBulk, int processes) {
    return new AdmissionConfig(
        emailsPerSecond, emailBurst, 1, 10, 40, maxBulk, Duration.ofSeconds(30), processes);
  }

  private static Submission read(String id, String json) throws IOException {
    return SUBMISSIONS.read(
        new JobRef(id, "acme"),
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        BodyLimit.NONE);
  }

  private static Submission email() throws IOException {
    return read(
        "e",
        "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\": \"Hi\","
            + " \"text\": \"Hello\"}}");
  }

  private static Submission batch(int recipients) throws IOException {
    var list = new ArrayList<String>();
    for (int i = 0; i < recipients; i++) {
      list.add("{\"to\": \"user" + i + "@example.com\"}");
    }
    return read(
        "b",
        "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"subject\": \"Hi\", \"text\":"
            + " \"Hello\"}, \"recipients\": ["
            + String.join(", ", list)
            + "]}}");
  }

  private static Submission report(int rows) throws IOException {
    return read(
        "r",
        "{\"type\": \"pdf\", \"payload\": {\"template\": \"statement\", \"title\": \"March\","
            + " \"sample\": {\"rows\": "
            + rows
            + ", \"seed\": 1}}}");
  }

  private static JobRef job(String id) {
    return new JobRef(id, "acme");
  }

  @Test
  void aBatchCostsItsRecipientsAndAReportItsPages() throws IOException {
    var admission = new WorkAdmission(config(1, 1_000, 0, 1), null, clock);
    assertThat(admission.costOf(email())).isEqualTo(1);
    assertThat(admission.costOf(batch(250))).isEqualTo(250);
    assertThat(admission.costOf(report(81))).as("81 rows at 40 a page").isEqualTo(3);
    assertThat(WorkAdmission.unitOf(report(1))).isEqualTo(WorkAdmission.Unit.PAGES);
  }

  @Test
  void refusesWorkOverTheBudgetWith429RetryAfterAndRateLimitHeadersThenTakesItAgain()
      throws IOException {
    var admission = new WorkAdmission(config(10, 100, 0, 1), null, clock);

    var grant = admission.admit(job("b1"), batch(90));
    assertThat(grant.headers())
        .containsEntry("RateLimit-Policy", "\"emails\";q=100;w=10")
        .containsEntry("RateLimit-Limit", "100")
        .containsEntry("RateLimit-Remaining", "10")
        .containsEntry("RateLimit-Reset", "9");

    // one request, as the first, but twice the work that is left
    var refused =
        catchThrowableOfType(ApiProblem.class, () -> admission.admit(job("b2"), batch(20)));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.type()).endsWith("work-rate-limited");
    assertThat(refused.retryAfterSeconds()).hasValue(1);
    assertThat(refused.headers()).containsEntry("RateLimit-Remaining", "10");

    clock.advance(Duration.ofSeconds(1));
    assertThat(admission.admit(job("b2"), batch(20)).headers())
        .containsEntry("RateLimit-Remaining", "0");
    // single emails are the same budget
    assertThat(catchThrowableOfType(ApiProblem.class, () -> admission.admit(job("e1"), email())))
        .isNotNull();
  }

  @Test
  void workThatStartedNoJobIsGivenBack() throws IOException {
    var admission = new WorkAdmission(config(0.01, 5, 0, 1), null, clock);
    admission.admit(job("b1"), batch(5)).giveBack();
    assertThat(admission.admit(job("b2"), batch(5)).headers())
        .containsEntry("RateLimit-Remaining", "0");
  }

  @Test
  void eachOfSeveralProcessesEnforcesItsShare() throws IOException {
    var admission = new WorkAdmission(config(10, 100, 0, 4), null, clock);
    assertThat(admission.admit(job("b1"), batch(25)).headers())
        .containsEntry("RateLimit-Limit", "25")
        .containsEntry("RateLimit-Remaining", "0");
    assertThat(catchThrowableOfType(ApiProblem.class, () -> admission.admit(job("e"), email())))
        .isNotNull();
  }

  @Test
  void capsTheEmailsOfBatchesUnderWayCountingVisibilityAndWhatItDoesNotShowYet()
      throws IOException {
    var admission = new WorkAdmission(config(1e6, 1_000_000, 100, 1), bulk, clock);
    listed.put("acme/other-process", 40L); // a batch another API process started

    admission.admit(job("b1"), batch(50)); // not in visibility yet
    var refused =
        catchThrowableOfType(ApiProblem.class, () -> admission.admit(job("b2"), batch(20)));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.type()).endsWith("bulk-in-flight");
    assertThat(refused.retryAfterSeconds()).hasValue(30);
    assertThat(refused.getMessage()).contains("hold 90 emails");

    // the other process's batch finishes
    listed.remove("acme/other-process");
    admission.admit(job("b2"), batch(20));
    // single emails are not bulk work
    admission.admit(job("e1"), email());
  }

  @Test
  void aRetryOfABatchUnderWayIsNotCountedTwice() throws IOException {
    var admission = new WorkAdmission(config(1e6, 1_000_000, 100, 1), bulk, clock);
    listed.put(job("b1").workflowId(), 80L);

    admission.admit(job("b1"), batch(80)).giveBack(); // the replay answered with the job
    assertThat(catchThrowableOfType(ApiProblem.class, () -> admission.admit(job("b2"), batch(80))))
        .isNotNull();
  }

  @Test
  void aBatchThatWasGivenBackNoLongerCounts() throws IOException {
    var admission = new WorkAdmission(config(1e6, 1_000_000, 100, 1), bulk, clock);
    admission.admit(job("b1"), batch(80)).giveBack(); // its start failed
    admission.admit(job("b2"), batch(80));
  }
}
