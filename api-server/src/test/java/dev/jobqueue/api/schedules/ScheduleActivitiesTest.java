package dev.jobqueue.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.schedule.FireRequest;
import dev.jobqueue.schedule.ScheduleActivities;
import dev.jobqueue.schedule.ScheduledFire;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.failure.ApplicationFailure;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A firing's job, submitted by the schedules' activities with the API's own parts over Temporal's
 * test server (no workers: the job stays QUEUED), and seen through {@code GET /v1/jobs/{id}}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScheduleActivitiesTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);
  private static final ApiCalls GLOBEX = new ApiCalls(RESOURCES, TestApi.GLOBEX_KEY);
  private static final ScheduleActivities ACTIVITIES = API.scheduleActivities;

  @AfterAll
  static void stop() {
    API.close();
  }

  private static FireRequest firing(String job, String at) {
    return new FireRequest(
        new ScheduledFire("acme", "nightly", job), "schedule/acme/nightly-" + at);
  }

  @Test
  void startsTheFiringsJobOnceHoweverOftenTheSubmissionIsRetried() {
    var firing = firing(Payloads.EMAIL, "2026-12-02T09:00:00Z");

    var first = ACTIVITIES.submit(firing);
    var retry = ACTIVITIES.submit(firing);

    assertThat(first.created()).isTrue();
    assertThat(retry.created()).isFalse();
    assertThat(retry.jobId()).isEqualTo(first.jobId());
    assertThat(first.jobId())
        .isEqualTo(JobIds.forScheduledFire("acme", "schedule/acme/nightly-2026-12-02T09:00:00Z"));
    try (Response answer = ACME.get("/v1/jobs/" + first.jobId())) {
      assertThat(answer.getStatus()).isEqualTo(200);
      JsonNode job = ApiCalls.json(answer);
      assertThat(job.get("type").asText()).isEqualTo("email");
      assertThat(job.get("status").asText()).isEqualTo("QUEUED");
    }
    try (Response answer = GLOBEX.get("/v1/jobs/" + first.jobId())) {
      assertThat(answer.getStatus()).isEqualTo(404);
    }
    assertThat(ACTIVITIES.ended(new JobRef(first.jobId(), "acme"))).isFalse();
  }

  @Test
  void eachFiringHasAJobOfItsOwn() {
    var nine = ACTIVITIES.submit(firing(Payloads.PDF, "2026-12-03T09:00:00Z"));
    var ten = ACTIVITIES.submit(firing(Payloads.PDF, "2026-12-03T10:00:00Z"));

    assertThat(ten.jobId()).isNotEqualTo(nine.jobId());
    assertThat(ten.created()).isTrue();
  }

  @Test
  void aJobTheRulesRefuseWhenItFiresFailsForGood() {
    // a sender domain the tenant may not use (its domains may have changed since)
    String job =
        Payloads.EMAIL.replace("\"subject\"", "\"from\": \"ceo@elsewhere.example\", \"subject\"");

    assertThatThrownBy(() -> ACTIVITIES.submit(firing(job, "2026-12-04T09:00:00Z")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ScheduleActivities.INVALID_JOB);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("payload.from");
            });
  }

  @Test
  void aJobThatIsGoneHasEnded() {
    assertThat(ACTIVITIES.ended(new JobRef("never-was", "acme"))).isTrue();
  }
}
