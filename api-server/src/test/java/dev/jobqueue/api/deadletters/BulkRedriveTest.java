package dev.jobqueue.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.ApiCalls;
import dev.jobqueue.api.Payloads;
import dev.jobqueue.api.TestApi;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.deadletter.BulkRedriveWorkflowImpl;
import dev.jobqueue.email.EmailActivities;
import dev.jobqueue.email.EmailJob;
import dev.jobqueue.email.EmailWorkflowImpl;
import dev.jobqueue.email.SendEmailResult;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bulk redrive as an operation on the test server, with its workflow on a control worker. The
 * test server lacks visibility queries, so the selection comes from a stand-in that lists the jobs
 * it is told (as the server describes them); the whole endpoint runs against the dev server in
 * system-tests.
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
    API.worker(TaskQueues.CONTROL)
        .registerWorkflowImplementationTypes(BulkRedriveWorkflowImpl.class);
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

  /** Lists the jobs it is given, as the server describes them now, whatever the query. */
  static final class StandInVisibility implements Visibility {
    volatile List<String> jobIds = List.of();

    @Override
    public ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString pageToken) {
      var page = ListWorkflowExecutionsResponse.newBuilder();
      for (String jobId : jobIds) {
        page.addExecutions(
            API.client()
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(API.config.getTemporal().namespace())
                        .setExecution(
                            WorkflowExecution.newBuilder().setWorkflowId("acme/" + jobId).build())
                        .build())
                .getWorkflowExecutionInfo());
      }
      return page.build();
    }

    @Override
    public long count(String query) {
      return jobIds.size();
    }
  }

  private static final StandInVisibility VISIBILITY = new StandInVisibility();

  private static BulkRedrive bulk(int maxSelection) {
    return new BulkRedrive(
        API.client(),
        VISIBILITY,
        new DeadLetterRecords(
            API.client().getOptions().getDataConverter(), API.config.getTemporal()),
        new TemporalDeadline(Duration.ofSeconds(5)),
        maxSelection);
  }

  private static BulkRedriveStatus awaitDone(BulkRedrive bulk, String id) {
    return await(id + " done")
        .atMost(Duration.ofMinutes(2))
        .until(() -> bulk.status("acme", id), s -> !s.status().equals("RUNNING"));
  }

  @Test
  void redrivesEverySelectedJobOnceWhateverTheRetriesAndSkipsThoseThatEndedMeanwhile() {
    REFUSING.set(true);
    var bulk = bulk(100);
    List<String> parked =
        IntStream.range(0, 40).mapToObj(i -> ACME.submit(Payloads.EMAIL)).toList();
    String discarded = ACME.submit(Payloads.EMAIL);
    awaitAll(parked, "DEAD_LETTERED");
    awaitAll(List.of(discarded), "DEAD_LETTERED");
    var selected = new java.util.ArrayList<>(parked);
    selected.add(discarded);
    VISIBILITY.jobIds = selected;
    REFUSING.set(false);
    // listed as parked, discarded before the operation reaches it
    ACME.delete("/v1/dead-letters/" + discarded).close();
    awaitAll(List.of(discarded), "DISCARDED");

    BulkRedriveStatus started = bulk.start("acme", DeadLetterFilter.ALL, "redrive-all-1");
    assertThat(started.selected()).isEqualTo(41);
    BulkRedriveStatus done = awaitDone(bulk, started.id());

    assertThat(done).isEqualTo(new BulkRedriveStatus(started.id(), "SUCCEEDED", 41, 40, 1, 0));
    awaitAll(parked, "SUCCEEDED");
    String firstRun =
        API.client()
            .newUntypedWorkflowStub("bulk-redrive/acme/" + started.id())
            .describe()
            .getExecution()
            .getRunId();

    // the client's retry: the same operation, not a second one
    BulkRedriveStatus again = bulk.start("acme", DeadLetterFilter.ALL, "redrive-all-1");
    assertThat(again).isEqualTo(done);
    assertThat(
            API.client()
                .newUntypedWorkflowStub("bulk-redrive/acme/" + started.id())
                .describe()
                .getExecution()
                .getRunId())
        .isEqualTo(firstRun);
  }

  @Test
  void aRequestWithoutAKeyIsNamedByItsFilter() {
    REFUSING.set(true);
    var bulk = bulk(100);
    List<String> parked = IntStream.range(0, 2).mapToObj(i -> ACME.submit(Payloads.EMAIL)).toList();
    awaitAll(parked, "DEAD_LETTERED");
    REFUSING.set(false);
    VISIBILITY.jobIds = parked;

    BulkRedriveStatus started = bulk.start("acme", DeadLetterFilter.ALL, null);
    assertThat(started.id()).startsWith("f");
    assertThat(started.selected()).isEqualTo(2);
    assertThat(awaitDone(bulk, started.id()).redriven()).isEqualTo(2);
    awaitAll(parked, "SUCCEEDED");
  }

  @Test
  void refusesASelectionOverTheCapAReusedKeyAndAnotherTenantsOperation() {
    REFUSING.set(true);
    var bulk = bulk(2);
    List<String> parked = IntStream.range(0, 3).mapToObj(i -> ACME.submit(Payloads.EMAIL)).toList();
    awaitAll(parked, "DEAD_LETTERED");
    REFUSING.set(false);
    VISIBILITY.jobIds = parked;

    assertThatThrownBy(() -> bulk.start("acme", DeadLetterFilter.ALL, "too-many"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(422));

    VISIBILITY.jobIds = parked.subList(0, 2);
    var started = bulk.start("acme", DeadLetterFilter.ALL, "key-1");
    var otherFilter = new DeadLetterFilter(dev.jobqueue.job.JobType.PDF, null, null, null);
    assertThatThrownBy(() -> bulk.start("acme", otherFilter, "key-1"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(422));
    assertThatThrownBy(() -> bulk.status("globex", started.id()))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(404));
    assertThat(awaitDone(bulk, started.id()).redriven()).isEqualTo(2);
  }
}
