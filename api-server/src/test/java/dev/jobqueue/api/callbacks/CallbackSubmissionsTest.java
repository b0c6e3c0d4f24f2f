package dev.jobqueue.api.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobqueue.api.auth.SenderDomains;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.http.ApiJson;
import dev.jobqueue.api.jobs.RetryConfig;
import dev.jobqueue.api.jobs.Submission;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.job.JobRef;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** A job's {@code callback} at submission: where it may go, and who may ask for one. */
class CallbackSubmissionsTest {
  private static final ObjectMapper MAPPER = ApiJson.configure(Jackson.newObjectMapper());
  private static final String SECRETS = "acme=acme-callback-secret-0123456789";
  private static final JobRef ACME = new JobRef("job-1", "acme");

  private static Submissions submissions(CallbackConfig config) {
    return new Submissions(
        MAPPER,
        RetryConfig.DEFAULT,
        SenderDomains.parse("", "Jobs <jobs@jobqueue.example>"),
        new CallbackRules(
            config,
            host ->
                host.equals("hooks.example.com")
                    ? new InetAddress[] {InetAddress.getByName("93.184.215.14")}
                    : InetAddress.getAllByName(host)));
  }

  private static final Submissions STRICT =
      submissions(new CallbackConfig(false, false, "", SECRETS));

  private static String email(String callback) {
    return "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\": \"Hi\","
        + " \"text\": \"x\"}, \"callback\": \""
        + callback
        + "\"}";
  }

  private static Submission check(Submissions submissions, JobRef job, String json)
      throws IOException {
    return submissions.check(job, MAPPER.readTree(json));
  }

  private static FieldError refused(Submissions submissions, JobRef job, String callback) {
    var problem =
        catchThrowableOfType(ApiProblem.class, () -> check(submissions, job, email(callback)));
    assertThat(problem).as("refused: %s", callback).isNotNull();
    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.errors()).hasSize(1);
    return problem.errors().getFirst();
  }

  @Test
  void keepsAnHttpsCallbackToAPublicHostInTheRequestAndItsHash() throws IOException {
    var with = check(STRICT, ACME, email("https://hooks.example.com/jobs"));
    var without =
        check(
            STRICT,
            ACME,
            "{\"type\": \"email\", \"payload\": {\"to\": [\"ada@example.com\"], \"subject\":"
                + " \"Hi\", \"text\": \"x\"}}");

    assertThat(with.callback()).isEqualTo("https://hooks.example.com/jobs");
    assertThat(with.canonical().path("callback").asText())
        .isEqualTo("https://hooks.example.com/jobs");
    assertThat(without.callback()).isNull();
    assertThat(without.canonical().has("callback")).isFalse();
    assertThat(with.requestHash()).isNotEqualTo(without.requestHash());
  }

  @Test
  void refusesPrivateLoopbackAndMetadataAddressesNamingTheField() {
    for (String url :
        new String[] {
          "https://127.0.0.1/hook",
          "https://localhost/hook",
          "https://10.0.0.1/hook",
          "https://192.168.0.10/hook",
          "https://169.254.169.254/latest/meta-data",
          "https://[::1]/hook",
          "https://[fd00::1]/hook"
        }) {
      var error = refused(STRICT, ACME, url);
      assertThat(error.field()).isEqualTo("callback");
      assertThat(error.message()).startsWith("leads to ");
    }
  }

  @Test
  void refusesPlainHttpUnlessAllowed() throws IOException {
    assertThat(refused(STRICT, ACME, "http://hooks.example.com/jobs").message())
        .isEqualTo("must be an https URL");
    var dev = submissions(new CallbackConfig(true, true, "", SECRETS));
    assertThat(check(dev, ACME, email("http://127.0.0.1:9000/hook")).callback())
        .isEqualTo("http://127.0.0.1:9000/hook");
  }

  @Test
  void refusesACallbackOfATenantWithoutASecret() {
    var error = refused(STRICT, new JobRef("job-1", "globex"), "https://hooks.example.com/jobs");
    assertThat(error.field()).isEqualTo("callback");
    assertThat(error.message()).contains("no signing secret");
  }

  @Test
  void neverPrintsTheSecrets() {
    assertThat(new CallbackConfig(false, false, "", SECRETS).toString())
        .doesNotContain("acme-callback-secret")
        .contains("1 tenants");
  }
}
