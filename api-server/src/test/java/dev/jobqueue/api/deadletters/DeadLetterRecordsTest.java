package dev.jobqueue.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.job.AttemptError;
import dev.jobqueue.job.DeadLetter;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalConfig;
import io.dropwizard.jackson.Jackson;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.SearchAttributesUtil;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dead letter read from its visibility record alone, as ListWorkflowExecutions returns it. */
class DeadLetterRecordsTest {
  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;
  private static final ObjectMapper API_JSON = ApiJson.configure(Jackson.newObjectMapper());
  private static final DeadLetterRecords RECORDS =
      new DeadLetterRecords(
          CONVERTER, new TemporalConfig("in-memory", "default", "http://temporal-ui.test"));

  private static final DeadLetter LETTER =
      new DeadLetter(
          "SmtpRejected",
          "550 5.1.1 no such user",
          List.of(
              new AttemptError(
                  1, "SmtpRejected", "550 5.1.1 no such user", false, "2026-03-01T09:59:59Z")),
          "2026-03-01T10:00:00Z",
          "2026-03-15T10:00:00Z",
          2);

  static WorkflowExecutionInfo record(String workflowId, String type, String tenant, Memo memo) {
    var attributes =
        SearchAttributes.newBuilder()
            .set(JobSearchAttributes.JOB_TYPE, type)
            .set(JobSearchAttributes.TENANT, tenant)
            .set(JobSearchAttributes.JOB_STATUS, "DEAD_LETTERED")
            .set(JobSearchAttributes.ERROR_TYPE, "FromTheAttribute")
            .set(
                JobSearchAttributes.DEAD_LETTERED_AT,
                OffsetDateTime.parse("2026-03-01T10:00:00.5Z"))
            .build();
    return WorkflowExecutionInfo.newBuilder()
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId("run"))
        .setSearchAttributes(SearchAttributesUtil.encodeTyped(attributes))
        .setMemo(memo)
        .build();
  }

  private static Memo memo(DeadLetter letter, JsonNode request) {
    var memo = Memo.newBuilder().putFields(DeadLetter.MEMO_KEY, CONVERTER.toPayload(letter).get());
    if (request != null) {
      memo.putFields("request", CONVERTER.toPayload(request).get());
    }
    return memo.build();
  }

  @Test
  void readsTheDeadLetterAndTheOriginalRequestFromTheMemo() throws Exception {
    JsonNode request =
        API_JSON.readTree(
            "{\"type\":\"email\",\"payload\":{\"from\":null,\"subject\":\"Hi\",\"to\":[\"a@example.com\"]},"
                + "\"priority\":3,\"runAt\":null}");

    var item =
        RECORDS
            .item("acme", record("acme/job-1", "email", "acme", memo(LETTER, request)))
            .orElseThrow();

    JsonNode json = API_JSON.valueToTree(item);
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "jobId",
            "type",
            "errorType",
            "message",
            "attempts",
            "deadLetteredAt",
            "expiresAt",
            "redrives",
            "request",
            "links");
    assertThat(json.get("jobId").asText()).isEqualTo("job-1");
    assertThat(json.get("type").asText()).isEqualTo("email");
    assertThat(json.get("errorType").asText()).isEqualTo("SmtpRejected");
    assertThat(json.get("message").asText()).isEqualTo("550 5.1.1 no such user");
    assertThat(json.get("attempts").get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(json.get("attempts").get(0).get("retryable").asBoolean()).isFalse();
    assertThat(json.get("deadLetteredAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(json.get("expiresAt").asText()).isEqualTo("2026-03-15T10:00:00Z");
    assertThat(json.get("redrives").asInt()).isEqualTo(2);
    assertThat(json.get("request"))
        .as("as the client could send it again: without the canonical form's nulls")
        .isEqualTo(
            API_JSON.readTree(
                "{\"type\":\"email\",\"payload\":{\"subject\":\"Hi\",\"to\":[\"a@example.com\"]},\"priority\":3}"));
    assertThat(json.get("links").get("self").asText()).isEqualTo("/v1/jobs/job-1");
    assertThat(json.get("links").get("redrive").asText())
        .isEqualTo("/v1/dead-letters/job-1/redrive");
    assertThat(json.get("links").get("temporalUi").asText())
        .isEqualTo("http://temporal-ui.test/namespaces/default/workflows/acme%2Fjob-1");
  }

  @Test
  void fallsBackOnTheSearchAttributesWithoutAMemo() {
    var item =
        RECORDS
            .item("acme", record("acme/job-2", "pdf", "acme", Memo.getDefaultInstance()))
            .orElseThrow();

    assertThat(item.errorType()).isEqualTo("FromTheAttribute");
    assertThat(item.deadLetteredAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.5Z"));
    assertThat(item.message()).isNull();
    assertThat(item.attempts()).isEmpty();
    assertThat(item.request()).isNull();
    assertThat(item.expiresAt()).isNull();
  }

  @Test
  void skipsRecordsThatAreNotTheTenantsJobsOfAServedType() {
    var memo = memo(LETTER, null);

    assertThat(RECORDS.item("acme", record("globex/job-3", "email", "acme", memo))).isEmpty();
    assertThat(RECORDS.item("acme", record("acme-other/job-3", "email", "acme", memo))).isEmpty();
    assertThat(RECORDS.item("acme", record("acme/job-3", "fax", "acme", memo))).isEmpty();
    assertThat(RECORDS.job("acme", record("acme/job-3", "pdf", "acme", memo)))
        .hasValueSatisfying(job -> assertThat(job.ref().workflowId()).isEqualTo("acme/job-3"));
  }

  @Test
  void readsWhenAJobWasParkedFromItsSearchAttribute() {
    assertThat(
            RECORDS.deadLetteredAt(
                record("acme/job-4", "email", "acme", Memo.getDefaultInstance())))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00.5Z"));
  }
}
