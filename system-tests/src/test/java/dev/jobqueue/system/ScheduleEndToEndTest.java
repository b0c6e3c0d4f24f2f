package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring jobs on the real dev server's Temporal Schedules: fired by a trigger and by their spec,
 * each firing's job started through the jobs path and run by the real workers, paused, resumed,
 * deleted, and invisible to another tenant.
 */
class ScheduleEndToEndTest {
  private static final String EMAIL_JOB =
      "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\":"
          + " \"Weekly digest\", \"text\": \"Here it is.\"}}";

  @TempDir static Path work;
  static LocalStack stack;
  static ApiClient api;
  static ApiClient globex;
  static ApiClient limited;

  @BeforeAll
  static void startStack() throws Exception {
    // an interval short enough to see it fire by itself; few schedules, to reach the most
    stack =
        Harness.stack(work)
            .env(Map.of("SCHEDULES_MIN_INTERVAL", "PT10S", "SCHEDULES_MAX_PER_TENANT", "3"))
            .moreTenants("globex", "limited")
            .start();
    api = stack.api();
    globex = stack.api("globex");
    limited = stack.api("limited");
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  private static ApiClient.Response create(ApiClient client, String json) throws Exception {
    return client.post("/v1/schedules", json);
  }

  /** The job of the schedule's first recent action, once it has fired. */
  private static String awaitFiredJob(String id) {
    return await(id + " fired")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> api.get("/v1/schedules/" + id).json().path("recentActions"),
            actions -> actions.size() > 0)
        .get(0)
        .path("jobId")
        .asText();
  }

  /** The job, SUCCEEDED; a firing submits its job a moment after it is listed (404 until then). */
  private static JsonNode awaitSucceeded(String jobId) {
    return await(jobId + " SUCCEEDED")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> api.job(jobId), job -> "SUCCEEDED".equals(job.path("status").asText()));
  }

  private static List<String> listedIds(ApiClient client) throws Exception {
    var ids = new ArrayList<String>();
    var page = client.get("/v1/schedules?pageSize=100");
    assertThat(page.status()).as("%s", page.json()).isEqualTo(200);
    page.json().path("items").forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  @Test
  void aTriggeredScheduleStartsAJobThroughTheJobsPathAndIsPausedResumedAndDeleted()
      throws Exception {
    String body =
        "{\"id\": \"weekday-digest\", \"cron\": \"0 9 * * 1-5\", \"timeZone\": \"Europe/Berlin\","
            + " \"job\": "
            + EMAIL_JOB
            + "}";
    var created = create(api, body);
    assertThat(created.status()).as("%s", created.json()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(
            location -> assertThat(location).endsWith("/v1/schedules/weekday-digest"));
    JsonNode schedule = created.json();
    assertThat(schedule.path("cron").asText()).isEqualTo("0 9 * * 1-5");
    assertThat(schedule.path("timeZone").asText()).isEqualTo("Europe/Berlin");
    assertThat(schedule.path("overlap").asText()).isEqualTo("SKIP");
    assertThat(schedule.path("catchupWindow").asText()).isEqualTo("PT1M");
    assertThat(schedule.path("paused").asBoolean()).isFalse();
    assertThat(schedule.path("nextActionTimes")).isNotEmpty();
    assertThat(schedule.path("job").path("payload").path("subject").asText())
        .isEqualTo("Weekly digest");

    // the same request again is the same schedule; another under its id is a conflict
    assertThat(create(api, body).status()).isEqualTo(200);
    var conflict = create(api, body.replace("0 9 * * 1-5", "0 10 * * 1-5"));
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().path("type").asText()).endsWith(":schedule-exists");

    assertThat(api.post("/v1/schedules/weekday-digest/trigger", "").status()).isEqualTo(202);
    String jobId = awaitFiredJob("weekday-digest");
    JsonNode job = awaitSucceeded(jobId);
    assertThat(job.path("type").asText()).isEqualTo("email");
    var action = api.get("/v1/schedules/weekday-digest").json().path("recentActions").get(0);
    assertThat(action.path("links").path("job").asText()).isEqualTo("/v1/jobs/" + jobId);
    assertThat(action.path("startedAt").asText()).isNotEmpty();

    // a job like any other: listed with the tenant's jobs, beside nothing that is not a job
    JsonNode listed =
        await("the fired job listed")
            .atMost(Duration.ofMinutes(1))
            .until(
                () -> api.get("/v1/jobs?pageSize=100").json().path("items"),
                items -> {
                  for (JsonNode item : items) {
                    if (item.path("jobId").asText().equals(jobId)) {
                      return true;
                    }
                  }
                  return false;
                });
    listed.forEach(item -> assertThat(item.path("type").asText()).isIn("email", "pdf"));
    await("the schedule listed")
        .atMost(Duration.ofMinutes(1))
        .until(() -> listedIds(api), ids -> ids.contains("weekday-digest"));

    // another tenant's schedule does not exist for the caller
    assertThat(globex.get("/v1/schedules/weekday-digest").status()).isEqualTo(404);
    assertThat(globex.post("/v1/schedules/weekday-digest/trigger", "").status()).isEqualTo(404);
    assertThat(globex.patch("/v1/schedules/weekday-digest", "{\"paused\": true}").status())
        .isEqualTo(404);
    assertThat(globex.delete("/v1/schedules/weekday-digest").status()).isEqualTo(404);
    assertThat(listedIds(globex)).doesNotContain("weekday-digest");
    assertThat(globex.get("/v1/jobs/" + jobId).status()).isEqualTo(404);

    var paused =
        api.patch("/v1/schedules/weekday-digest", "{\"paused\": true, \"note\": \"holidays\"}");
    assertThat(paused.status()).as("%s", paused.json()).isEqualTo(200);
    assertThat(paused.json().path("paused").asBoolean()).isTrue();
    assertThat(paused.json().path("note").asText()).isEqualTo("holidays");
    assertThat(api.get("/v1/schedules/weekday-digest").json().path("paused").asBoolean()).isTrue();
    var resumed = api.patch("/v1/schedules/weekday-digest", "{\"paused\": false}");
    assertThat(resumed.json().path("paused").asBoolean()).isFalse();
    assertThat(resumed.json().path("note").asText()).isEqualTo("resumed");
    assertThat(resumed.json().path("nextActionTimes")).isNotEmpty();

    assertThat(api.delete("/v1/schedules/weekday-digest").status()).isEqualTo(204);
    var gone = api.get("/v1/schedules/weekday-digest");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("type").asText()).endsWith(":schedule-not-found");
    assertThat(api.delete("/v1/schedules/weekday-digest").status()).isEqualTo(404);
    // the job it started stays
    assertThat(api.status(jobId)).isEqualTo("SUCCEEDED");
  }

  @Test
  void anIntervalScheduleFiresByItselfUnderTheIdItsKeyNames() throws Exception {
    String body =
        "{\"interval\": \"PT10S\", \"overlap\": \"BUFFER_ONE\", \"job\": " + EMAIL_JOB + "}";
    var created = api.post("/v1/schedules", body, "every-ten-seconds");
    assertThat(created.status()).as("%s", created.json()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("interval").asText()).isEqualTo("PT10S");
    assertThat(created.json().path("offset").asText()).isEqualTo("PT0S");

    var again = api.post("/v1/schedules", body, "every-ten-seconds");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(id);
    var reused =
        api.post("/v1/schedules", body.replace("BUFFER_ONE", "ALLOW_ALL"), "every-ten-seconds");
    assertThat(reused.status()).isEqualTo(422);

    String jobId = awaitFiredJob(id);
    awaitSucceeded(jobId);
    assertThat(api.delete("/v1/schedules/" + id).status()).isEqualTo(204);
  }

  @Test
  void refusesASchedulePastTheTenantsMost() throws Exception {
    for (int i = 0; i < 3; i++) {
      String body =
          "{\"id\": \"s"
              + i
              + "\", \"interval\": \"PT1H\", \"paused\": true, \"job\": "
              + EMAIL_JOB
              + "}";
      assertThat(create(limited, body).status()).isEqualTo(201);
    }
    // counted from visibility, which lists a new schedule a moment later
    await("three schedules listed")
        .atMost(Duration.ofMinutes(1))
        .until(() -> listedIds(limited), ids -> ids.size() == 3);

    var refused =
        create(limited, "{\"id\": \"s3\", \"interval\": \"PT1H\", \"job\": " + EMAIL_JOB + "}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().path("type").asText()).endsWith(":schedule-limit-reached");
    // a retry of one that was created is still answered with it
    assertThat(
            create(
                    limited,
                    "{\"id\": \"s0\", \"interval\": \"PT1H\", \"paused\": true, \"job\": "
                        + EMAIL_JOB
                        + "}")
                .status())
        .isEqualTo(200);
    // and the others' schedules are theirs: another tenant may still create one
    assertThat(listedIds(api)).doesNotContain("s0", "s1", "s2");
  }
}
