package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobType;
import io.dropwizard.jackson.Jackson;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a checked request becomes: its canonical form and hash, and the workflow's options. */
class SubmissionsTest {
  private static final java.time.Instant NOW = java.time.Instant.parse("2026-03-01T10:00:00Z");
  private static final ObjectMapper MAPPER = ApiJson.configure(Jackson.newObjectMapper());
  private static final Submissions SUBMISSIONS =
      new Submissions(
          MAPPER,
          RetryConfig.DEFAULT,
          SenderDomains.parse(
              "acme=acme.example|.mail.acme.example", "Jobs <jobs@jobqueue.example>"));
  private static final JobRef REF = new JobRef("job-1", "acme");
  private static final Duration RETENTION = Duration.ofDays(3);

  private static Submission check(String json) throws IOException {
    return SUBMISSIONS.check(REF, MAPPER.readTree(json));
  }

  @Test
  void hashesTheSameRequestTheSameHoweverItIsWritten() throws IOException {
    var compact =
        check(
            """
            {"type": "email", "payload": {"to": ["ada@example.com"], "subject": "Hi", "text": "x",
             "headers": {"X-B": "2", "X-A": "1"}}, "deadline": "P1D"}
            """);
    var spelledOut =
        check(
            """
            {"deadline": "PT24H", "priority": 3, "payload": {"headers": {"X-A": "1", "X-B": "2"},
             "bcc": [], "cc": [], "text": "x", "subject": "Hi", "to": ["ada@example.com"]},
             "type": "email"}
            """);

    assertThat(spelledOut.requestHash()).isEqualTo(compact.requestHash());
  }

  @Test
  void keepsTheCallbackInTheMemoForTheWorkflow() throws IOException {
    var submissions =
        new Submissions(
            MAPPER,
            RetryConfig.DEFAULT,
            SenderDomains.parse("", "Jobs <jobs@jobqueue.example>"),
            new dev.jobqueue.api.callbacks.CallbackRules(
                new dev.jobqueue.api.callbacks.CallbackConfig(
                    true, true, "", "acme=acme-callback-secret-0123456789")));
    var submission =
        submissions.check(
            REF,
            MAPPER.readTree(
                "{\"type\": \"pdf\", \"payload\": {\"template\": \"statement\", \"sample\":"
                    + " {\"rows\": 5}}, \"callback\": \"http://127.0.0.1:9000/hook\"}"));

    var options = JobWorkflowOptions.of(REF, submission, NOW, null, RETENTION, 1f);

    assertThat(options.getMemo()).containsEntry(JobMemo.CALLBACK, "http://127.0.0.1:9000/hook");
    assertThat(
            JobWorkflowOptions.of(
                    REF,
                    check(
                        "{\"type\": \"pdf\", \"payload\": {\"template\": \"statement\","
                            + " \"sample\": {\"rows\": 5}}}"),
                    NOW,
                    null,
                    RETENTION,
                    1f)
                .getMemo())
        .doesNotContainKey(JobMemo.CALLBACK);
  }

  @Test
  void hashesADifferentRequestDifferently() throws IOException {
    var first =
        check(
            "{\"type\": \"pdf\", \"payload\": {\"template\": \"statement\", \"sample\": {\"rows\":"
                + " 5}}}");
    var second =
        check(
            "{\"type\": \"pdf\", \"payload\": {\"template\": \"statement\", \"sample\": {\"rows\":"
                + " 5}}, \"priority\": 2}");

    assertThat(second.requestHash()).isNotEqualTo(first.requestHash());
  }

  @Test
  void startsTheWorkflowOnItsQueueWithPriorityFairnessAndAttributes() throws IOException {
    var submission =
        check(
            """
            {"type": "pdf", "priority": 1,
             "payload": {"template": "statement", "sample": {"rows": 5, "seed": 1}}}
            """);

    var options = JobWorkflowOptions.of(REF, submission, NOW, null, RETENTION, 1f);

    assertThat(options.getWorkflowId()).isEqualTo("acme/job-1");
    assertThat(options.getTaskQueue()).isEqualTo("pdf");
    assertThat(options.getPriority().getPriorityKey()).isEqualTo(1);
    assertThat(options.getPriority().getFairnessKey()).isEqualTo("acme");
    assertThat(options.getWorkflowIdReusePolicy())
        .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    assertThat(options.getWorkflowIdConflictPolicy())
        .isEqualTo(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL);
    var attributes = options.getTypedSearchAttributes();
    assertThat(attributes.get(JobSearchAttributes.JOB_TYPE)).isEqualTo("pdf");
    assertThat(attributes.get(JobSearchAttributes.TENANT)).isEqualTo("acme");
    assertThat(attributes.get(JobSearchAttributes.JOB_STATUS)).isEqualTo("QUEUED");
    assertThat(options.getMemo())
        .containsEntry(JobMemo.REQUEST_HASH, submission.requestHash())
        .containsEntry(JobMemo.REQUEST, submission.canonical())
        .containsEntry(JobMemo.DEAD_LETTER_RETENTION, "PT72H")
        .doesNotContainKeys(JobMemo.DEADLINE_AT, JobMemo.DEADLINE);
    assertThat(options.getStartDelay()).isNull();
    assertThat(options.getWorkflowExecutionTimeout()).isNull();
  }

  @Test
  void delaysAScheduledJobAndCountsItsDeadlineFromWhenItIsDue() throws IOException {
    var submission = check(withDefaults("\"deadline\": \"PT2H\""));

    var options = JobWorkflowOptions.of(REF, submission, NOW, Duration.ofHours(5), RETENTION, 1f);

    assertThat(options.getStartDelay()).isEqualTo(Duration.ofHours(5));
    // the workflow keeps the deadline: due in 5 h, then 2 h
    assertThat(options.getMemo())
        .containsEntry(JobMemo.DEADLINE_AT, NOW.plus(Duration.ofHours(7)).toString())
        .containsEntry(JobMemo.DEADLINE, "PT2H");
    // Temporal's timeout only as a backstop, after the dead letter's retention and a margin
    assertThat(options.getWorkflowExecutionTimeout())
        .isEqualTo(Duration.ofHours(7).plus(RETENTION).plus(JobWorkflowOptions.BACKSTOP_MARGIN));
    assertThat(options.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS))
        .isEqualTo("SCHEDULED");
    assertThat(options.getPriority().getPriorityKey()).isEqualTo(Submissions.DEFAULT_PRIORITY);
  }

  @Test
  void theTenantIsTheFairnessKeyWithItsWeight() throws IOException {
    var submission = check(withDefaults("\"priority\": 2"));

    var options = JobWorkflowOptions.of(REF, submission, NOW, null, RETENTION, 2.5f);

    assertThat(options.getPriority().getFairnessKey()).isEqualTo(REF.tenant());
    assertThat(options.getPriority().getFairnessWeight()).isEqualTo(2.5f);
    assertThat(options.getPriority().getPriorityKey()).isEqualTo(2);
  }

  @Test
  void keepsOnlyTheHashOfALargeRequestInTheMemo() throws IOException {
    String text = "x".repeat(JobWorkflowOptions.MAX_MEMO_REQUEST_BYTES);
    var submission =
        check(
            "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\":"
                + " \"Hi\", \"text\": \""
                + text
                + "\"}}");

    var options = JobWorkflowOptions.of(REF, submission, NOW, null, RETENTION, 1f);

    assertThat(options.getMemo())
        .containsOnlyKeys(
            JobMemo.REQUEST_HASH, JobMemo.DEAD_LETTER_RETENTION, JobMemo.STATUS_FROM_EXECUTION);
  }

  /** The fields and messages of the 400 that {@code json} gets. */
  private static java.util.List<FieldError> refusal(String json) {
    var problem = catchThrowableOfType(ApiProblem.class, () -> check(json));
    assertThat(problem).as("refused").isNotNull();
    assertThat(problem.status()).isEqualTo(400);
    return problem.errors();
  }

  private static String emailWith(String extraPayload) {
    return "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\":"
        + " \"Hi\", \"text\": \"x\""
        + extraPayload
        + "}}";
  }

  @Test
  void refusesAFromOutsideTheTenantsSenderDomainsNamingThem() {
    assertThat(refusal(emailWith(", \"from\": \"ceo@globex.example\"")))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("payload.from");
              assertThat(e.message())
                  .contains("acme.example, any subdomain of mail.acme.example")
                  .contains("jobs@jobqueue.example");
            });
  }

  @Test
  void acceptsAFromAtTheTenantsDomainsOrTheDefaultSender() throws IOException {
    for (String from :
        java.util.List.of(
            "billing@acme.example", "news@eu.mail.acme.example", "jobs@jobqueue.example")) {
      var submission = check(emailWith(", \"from\": \"" + from + "\""));
      assertThat(((EmailJob) submission.input()).message().from()).isEqualTo(from);
    }
  }

  @Test
  void holdsARedrivenPayloadToTheSameSenderDomains() throws IOException {
    var payload =
        MAPPER.readTree(
            "{\"to\": [\"ada@example.com\"], \"subject\": \"Hi\", \"text\": \"x\", \"from\":"
                + " \"ceo@globex.example\"}");
    var problem =
        catchThrowableOfType(
            ApiProblem.class, () -> SUBMISSIONS.checkPayload(REF, JobType.EMAIL, payload));
    assertThat(problem.errors()).extracting(FieldError::field).containsExactly("payload.from");
  }

  @Test
  void refusesProviderControlHeadersNamingThem() {
    assertThat(
            refusal(
                emailWith(
                    ", \"headers\": {\"X-SMTPAPI\": \"{}\", \"x-ses-configuration-set\": \"other\","
                        + " \"X-Campaign\": \"spring\"}")))
        .extracting(FieldError::field)
        .containsExactly("payload.headers.X-SMTPAPI", "payload.headers.x-ses-configuration-set");
  }

  @Test
  void acceptsOneClickUnsubscribeHeaders() throws IOException {
    var submission =
        check(
            emailWith(
                ", \"headers\": {\"List-Unsubscribe\": \"<https://acme.example/u/1>\","
                    + " \"List-Unsubscribe-Post\": \"List-Unsubscribe=One-Click\"}"));
    assertThat(((EmailJob) submission.input()).message().headers())
        .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }

  private static String withDefaults(String extra) {
    return "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\": \"Hi\","
        + " \"text\": \"x\"}, "
        + extra
        + "}";
  }
}
