package dev.jobqueue.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.api.auth.ApiKeyConfig;
import dev.jobqueue.api.auth.ApiKeyFilter;
import dev.jobqueue.api.auth.ApiKeys;
import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.runtime.JobLogContext;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

/** What an authenticated request's log lines name: its tenant and, under a job's path, the job. */
@ExtendWith(DropwizardExtensionsSupport.class)
class LogContextFilterTest {
  private static final String KEY = "acme-key";

  /** Answers with the logging context it runs in. */
  @Path("/v1/jobs")
  @Authenticated
  public static final class Echo {
    @GET
    @Path("{jobId}")
    public String job(@PathParam("jobId") String jobId) {
      return context();
    }

    @GET
    public String list() {
      return context();
    }
  }

  /** An unauthenticated resource, served by the same threads. */
  @Path("/open")
  public static final class Open {
    @GET
    public String open() {
      return context();
    }
  }

  private static String context() {
    return MDC.get(JobLogContext.TENANT) + "/" + MDC.get(JobLogContext.JOB_ID);
  }

  static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .addProvider(
              new ApiKeyFilter(
                  new ApiKeys(List.of(new ApiKeyConfig("acme", ApiKeys.sha256Hex(KEY))))))
          .addProvider(new LogContextFilter())
          .addResource(new Echo())
          .addResource(new Open())
          .build();

  private static String get(String path) {
    return RESOURCES
        .target(path)
        .request()
        .header("Authorization", "Bearer " + KEY)
        .get(String.class);
  }

  @Test
  void jobRequestNamesTenantAndJob() {
    assertThat(get("/v1/jobs/job-7")).isEqualTo("acme/job-7");
  }

  @Test
  void requestWithoutAJobNamesTheTenantOnly() {
    assertThat(get("/v1/jobs")).isEqualTo("acme/null");
  }

  @Test
  void contextIsClearedWhenTheResponseIsWritten() {
    get("/v1/jobs/job-7");

    assertThat(get("/open")).isEqualTo("null/null");
  }
}
