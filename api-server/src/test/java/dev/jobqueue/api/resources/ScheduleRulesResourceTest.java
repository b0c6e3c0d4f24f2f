package dev.jobqueue.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of {@code POST /v1/schedules} and {@code PATCH /v1/schedules/{id}}, through the real
 * Jersey stack: a bad request is a 400 problem naming its fields before Temporal is asked (the
 * in-memory test server has no schedules; the real dev server is in the end-to-end test).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScheduleRulesResourceTest {
  private static final TestApi API = new TestApi().start();
  static final ResourceExtension RESOURCES = API.resources();
  private static final ApiCalls ACME = new ApiCalls(RESOURCES, TestApi.ACME_KEY);

  @AfterAll
  static void stop() {
    API.close();
  }

  private static Response create(String json) {
    return ACME.request("/v1/schedules").post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  /** A schedule of {@code fields} (without braces) firing {@link Payloads#EMAIL}. */
  private static String schedule(String fields) {
    return "{" + fields + ", \"job\": " + Payloads.EMAIL + "}";
  }

  private static List<String> refusedFields(Response answer) {
    try (answer) {
      assertThat(answer.getStatus()).isEqualTo(400);
      assertThat(answer.getMediaType().toString()).isEqualTo("application/problem+json");
      JsonNode problem = ApiCalls.json(answer);
      assertThat(problem.get("type").asText()).endsWith(":invalid-request");
      var fields = new ArrayList<String>();
      problem.get("errors").forEach(e -> fields.add(e.get("field").asText()));
      return fields;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "* * * *",
        "* * * * * *",
        "60 * * * *",
        "* 24 * * *",
        "* * 0 * *",
        "* * * 13 *",
        "* * * * 7",
        "0  9 * * *",
        "*/0 * * * *",
        "0 9 * * MON",
        "@daily",
        ""
      })
  void refusesACronThatIsNotFiveNumericFields(String cron) {
    assertThat(refusedFields(create(schedule("\"cron\": \"" + cron + "\""))))
        .containsExactly("cron");
  }

  @Test
  void wantsExactlyOneOfCronAndInterval() {
    assertThat(refusedFields(create(schedule("\"timeZone\": \"UTC\"")))).containsExactly("cron");
    assertThat(refusedFields(create(schedule("\"cron\": \"0 9 * * *\", \"interval\": \"PT1H\""))))
        .containsExactly("cron");
    assertThat(refusedFields(create(schedule("\"cron\": \"0 9 * * *\", \"offset\": \"PT1M\""))))
        .containsExactly("offset");
  }

  @Test
  void refusesMalformedDurations() {
    assertThat(
            refusedFields(
                create(
                    schedule(
                        "\"interval\": \"1h\", \"offset\": \"PT-5M\", \"catchupWindow\":"
                            + " \"soon\""))))
        .containsExactly("interval", "offset", "catchupWindow");
  }

  @Test
  void refusesAnUnknownTimeZoneAndOverlapPolicy() {
    assertThat(
            refusedFields(
                create(
                    schedule(
                        "\"cron\": \"0 9 * * *\", \"timeZone\": \"Mars/Olympus_Mons\","
                            + " \"overlap\": \"TERMINATE_OTHER\""))))
        .containsExactly("timeZone", "overlap");
  }

  @Test
  void refusesUnknownAndNullFieldsAndABadId() {
    assertThat(refusedFields(create(schedule("\"interval\": \"PT1H\", \"every\": \"day\""))))
        .containsExactly("every");
    assertThat(refusedFields(create(schedule("\"interval\": \"PT1H\", \"timeZone\": null"))))
        .containsExactly("timeZone");
    assertThat(refusedFields(create(schedule("\"interval\": \"PT1H\", \"id\": \"a/b\""))))
        .containsExactly("id");
    assertThat(refusedFields(create(schedule("\"interval\": \"PT1H\", \"paused\": \"yes\""))))
        .containsExactly("paused");
  }

  @Test
  void refusesAMissingJobAndARunAt() {
    assertThat(refusedFields(create("{\"interval\": \"PT1H\"}"))).containsExactly("job");
    String withRunAt =
        Payloads.EMAIL.replace("\"type\"", "\"runAt\": \"2026-12-01T09:00:00Z\", \"type\"");
    assertThat(refusedFields(create("{\"interval\": \"PT1H\", \"job\": " + withRunAt + "}")))
        .containsExactly("job.runAt");
  }

  /** The job is checked by POST /v1/jobs's own rules: the same problems, named under job. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\": \"fax\", \"payload\": {}}",
        "{\"type\": \"email\", \"priority\": 9, \"deadline\": \"PT0S\","
            + " \"payload\": {\"to\": [\"not an address\"], \"subject\": \"a\\nb\"}}",
        "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"text\": \"x\","
            + " \"subject\": \"Hi\", \"from\": \"ceo@elsewhere.example\"}}",
        "{\"type\": \"pdf\", \"payload\": {\"template\": \"novel\"}, \"colour\": \"red\"}",
        "{\"type\": \"email-batch\", \"payload\": {\"template\": {\"subject\": \"Hi {{name}}\"}}}"
      })
  void refusesAJobThatPostV1JobsRefusesWithTheSameProblems(String job) {
    JsonNode asJob;
    try (Response answer = ACME.post(job)) {
      assertThat(answer.getStatus()).isEqualTo(400);
      asJob = ApiCalls.json(answer).get("errors");
    }
    try (Response answer = create("{\"interval\": \"PT1H\", \"job\": " + job + "}")) {
      assertThat(answer.getStatus()).isEqualTo(400);
      JsonNode asSchedule = ApiCalls.json(answer).get("errors");
      assertThat(asSchedule).hasSameSizeAs(asJob);
      for (int i = 0; i < asJob.size(); i++) {
        assertThat(asSchedule.get(i).get("field").asText())
            .isEqualTo("job." + asJob.get(i).get("field").asText());
        assertThat(asSchedule.get(i).get("message")).isEqualTo(asJob.get(i).get("message"));
      }
    }
  }

  @Test
  void refusesABadIdempotencyKey() {
    try (Response answer =
        ACME.request("/v1/schedules")
            .header("Idempotency-Key", "")
            .post(Entity.entity(schedule("\"interval\": \"PT1H\""), MediaType.APPLICATION_JSON))) {
      assertThat(refusedFields(answer)).containsExactly("Idempotency-Key");
    }
  }

  @Test
  void refusesAChangeThatIsNotAPauseOrResume() {
    for (String body :
        List.of("{}", "{\"paused\": \"yes\"}", "{\"paused\": true, \"colour\": 1}", "[]")) {
      try (Response answer =
          ACME.request("/v1/schedules/nightly")
              .method("PATCH", Entity.entity(body, MediaType.APPLICATION_JSON))) {
        assertThat(answer.getStatus()).as(body).isEqualTo(400);
      }
    }
    try (Response answer =
        ACME.request("/v1/schedules/nightly")
            .method(
                "PATCH",
                Entity.entity(
                    "{\"paused\": true, \"note\": \"a\\u0007b\"}", MediaType.APPLICATION_JSON))) {
      assertThat(refusedFields(answer)).containsExactly("note");
    }
  }

  @Test
  void answersAnIdNoScheduleCanHaveWith404() {
    for (Response answer :
        new Response[] {
          ACME.get("/v1/schedules/not.an.id"),
          ACME.delete("/v1/schedules/" + "x".repeat(65)),
          ACME.request("/v1/schedules/not~an~id/trigger").post(Entity.json(""))
        }) {
      try (answer) {
        assertThat(answer.getStatus()).isEqualTo(404);
        assertThat(ApiCalls.json(answer).get("type").asText()).endsWith(":schedule-not-found");
      }
    }
  }

  @Test
  void refusesAListPageTokenItDidNotHandOut() {
    assertThat(refusedFields(ACME.get("/v1/schedules?pageToken=bm90LW91cnM")))
        .containsExactly("pageToken");
    assertThat(refusedFields(ACME.get("/v1/schedules?pageSize=0"))).containsExactly("pageSize");
  }

  @Test
  void refusesRequestsWithoutAKey() {
    var anonymous = new ApiCalls(RESOURCES, null);
    for (Response answer :
        new Response[] {
          anonymous.get("/v1/schedules"),
          anonymous.get("/v1/schedules/nightly"),
          anonymous.request("/v1/schedules").post(Entity.json(schedule("\"interval\": \"PT1H\"")))
        }) {
      try (answer) {
        assertThat(answer.getStatus()).isEqualTo(401);
      }
    }
  }
}
