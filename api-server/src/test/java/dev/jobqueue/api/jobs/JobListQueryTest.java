package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The visibility queries behind GET /v1/jobs; the list itself runs against the dev server. */
class JobListQueryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void listsOnlyTheTenantsJobsByDefault() {
    var query = JobListQuery.parse("acme", null, null, null, null);

    assertThat(query.visibilityQuery(NOW))
        .isEqualTo(
            "Tenant = 'acme' AND ExecutionStatus != 'ContinuedAsNew' AND WorkflowType !="
                + " 'JobCallback'");
    assertThat(query.pageSize()).isEqualTo(20);
    assertThat(query.pageToken().isEmpty()).isTrue();
  }

  @Test
  void filtersByTypeAndStatus() {
    var query = JobListQuery.parse("acme", "pdf", "RUNNING", "100", null);

    assertThat(query.visibilityQuery(NOW))
        .isEqualTo(
            "Tenant = 'acme' AND ExecutionStatus != 'ContinuedAsNew' AND WorkflowType !="
                + " 'JobCallback' AND JobType = 'pdf' AND (ExecutionStatus = 'Running' AND"
                + " (JobStatus IN ('QUEUED', 'RUNNING', 'RETRYING') OR (JobStatus = 'SCHEDULED' AND"
                + " ExecutionTime <= '2026-03-01T10:00:00Z')))");
    assertThat(query.pageSize()).isEqualTo(100);
  }

  @Test
  void listsEmailsCarriedByGroupsBesideJobsOfTheirOwn() {
    var query = JobListQuery.parse("acme", "email", "SUCCEEDED", null, null);

    assertThat(query.visibilityQuery(NOW))
        .startsWith(
            "Tenant = 'acme' AND ExecutionStatus != 'ContinuedAsNew' AND WorkflowType !="
                + " 'JobCallback' AND ((JobType = 'email' AND ")
        .endsWith(") OR (WorkflowType = 'EmailGroup'))");
  }

  @Test
  void leavesGroupsOutWhereNoCoalescedJobCanBe() {
    assertThat(
            JobListQuery.parse("acme", "email", "DEAD_LETTERED", null, null).visibilityQuery(NOW))
        .doesNotContain("EmailGroup");
    assertThat(JobListQuery.parse("acme", "pdf", null, null, null).visibilityQuery(NOW))
        .doesNotContain("EmailGroup");
    assertThat(JobListQuery.parse("acme", null, "RUNNING", null, null).visibilityQuery(NOW))
        .contains("(WorkflowType = 'EmailGroup' AND ExecutionStatus = 'Running')");
  }

  static Stream<Arguments> statusFilters() {
    return Stream.of(
        Arguments.of(
            JobStatus.SUCCEEDED, "ExecutionStatus = 'Completed' AND JobStatus != 'DISCARDED'"),
        Arguments.of(
            JobStatus.DEAD_LETTERED, "ExecutionStatus = 'Running' AND JobStatus = 'DEAD_LETTERED'"),
        Arguments.of(JobStatus.DEAD_LETTERED, "ExecutionStatus IN ('Failed', 'TimedOut')"),
        Arguments.of(
            JobStatus.CANCELLED,
            "ExecutionStatus IN ('Canceled', 'Terminated') AND JobStatus != 'DISCARDED'"),
        Arguments.of(
            JobStatus.RETRYING,
            "ExecutionStatus = 'Running' AND (JobStatus IN ('QUEUED', 'RUNNING', 'RETRYING')"),
        Arguments.of(JobStatus.SCHEDULED, "ExecutionTime > '2026-03-01T10:00:00Z'"),
        Arguments.of(
            JobStatus.QUEUED,
            "JobStatus = 'SCHEDULED' AND ExecutionTime <= '2026-03-01T10:00:00Z'"),
        Arguments.of(JobStatus.DISCARDED, "JobStatus = 'DISCARDED'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statusFilters")
  void filtersAStatusByWhatDecidesIt(JobStatus status, String clause) {
    assertThat(JobListQuery.statusFilter(status, NOW)).contains(clause);
  }

  @ParameterizedTest
  @EnumSource(JobStatus.class)
  void neverOrdersBecauseSqlVisibilityRefusesOrderBy(JobStatus status) {
    var query = new JobListQuery("acme", JobType.EMAIL, status, 20, ByteString.EMPTY);

    assertThat(query.visibilityQuery(NOW)).doesNotContainIgnoringCase("order by");
  }

  static Stream<Arguments> everyList() {
    var lists = Stream.<Arguments>builder();
    for (String type : new String[] {null, "email", "pdf", "email-batch"}) {
      lists.add(Arguments.of(type, null));
      for (JobStatus status : JobStatus.values()) {
        lists.add(Arguments.of(type, status.name()));
      }
    }
    return lists.build();
  }

  /**
   * A long-parked dead letter continues as new: its earlier runs must neither show as jobs of their
   * own nor, closed, as ended ones. The query keeps them out whatever else it holds.
   */
  @ParameterizedTest(name = "type={0} status={1}")
  @MethodSource("everyList")
  void neverListsARunThatContinuedAsNew(String type, String status) {
    String query = JobListQuery.parse("acme", type, status, null, null).visibilityQuery(NOW);

    assertThat(query)
        .startsWith(
            "Tenant = 'acme' AND ExecutionStatus != 'ContinuedAsNew' AND WorkflowType !="
                + " 'JobCallback'");
  }

  @Test
  void quotesLiteralsSoNoValueCanEndTheString() {
    assertThat(JobListQuery.literal("o'brien\\")).isEqualTo("'o\\'brien\\\\'");
  }

  @Test
  void handsTemporalsPageTokenBackAsItWasGiven() {
    var token = ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff, 0x01, 0x02});
    String client = JobListQuery.parse("acme", "pdf", null, null, null).clientToken(token);

    var next = JobListQuery.parse("acme", "pdf", null, null, client);

    assertThat(client).matches("[A-Za-z0-9_-]+");
    assertThat(next.pageToken()).isEqualTo(token);
  }

  @Test
  void refusesATokenThatWasMangledMadeUpOrIsFromAnotherList() {
    var token = ByteString.copyFromUtf8("{\"StartTime\": \"2026-03-01T10:00:00Z\"}");
    String client = JobListQuery.parse("acme", "pdf", null, null, null).clientToken(token);
    String mangled = (client.charAt(3) == 'A' ? "B" : "A");
    mangled = client.substring(0, 3) + mangled + client.substring(4);

    for (String bad : new String[] {mangled, "AAAAAAAAAAAAAAAAAAAA", "***", ""}) {
      assertThatThrownBy(() -> JobListQuery.parse("acme", "pdf", null, null, bad))
          .as(bad)
          .isInstanceOf(ApiProblem.class);
    }
    assertThatThrownBy(() -> JobListQuery.parse("globex", "pdf", null, null, client))
        .isInstanceOf(ApiProblem.class);
    assertThatThrownBy(() -> JobListQuery.parse("acme", "email", null, null, client))
        .isInstanceOf(ApiProblem.class);
  }

  @Test
  void filtersByWhenTheJobWasCreated() {
    var query =
        JobListQuery.parse(
            "acme", null, null, "2026-03-01T09:00:00+01:00", "2026-03-01T10:00:00Z", null, null);

    assertThat(query.visibilityQuery(NOW))
        .isEqualTo(
            "Tenant = 'acme' AND ExecutionStatus != 'ContinuedAsNew' AND WorkflowType !="
                + " 'JobCallback' AND StartTime >= '2026-03-01T08:00:00Z' AND StartTime <"
                + " '2026-03-01T10:00:00Z'");
    // the range applies to the groups as well as to jobs of their own
    assertThat(
            JobListQuery.parse("acme", "email", null, "2026-03-01T09:00:00Z", null, null, null)
                .visibilityQuery(NOW))
        .contains("'JobCallback' AND StartTime >= '2026-03-01T09:00:00Z' AND ((JobType");
  }

  @Test
  void takesAnEmptyRangeAsSelectingNothingAndRefusesOneNotMadeOfInstants() {
    assertThat(
            JobListQuery.parse(
                    "acme", null, null, "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z", null, null)
                .visibilityQuery(NOW))
        .contains("StartTime >= '2026-03-01T10:00:00Z' AND StartTime < '2026-03-01T10:00:00Z'");
    assertThatThrownBy(
            () -> JobListQuery.parse("acme", null, null, "yesterday", "soon", null, null))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p ->
                assertThat(p.errors())
                    .extracting(e -> e.field())
                    .containsExactly("createdAfter", "createdBefore"));
  }

  @Test
  void aPageTokenBelongsToItsTimeRange() {
    var token = ByteString.copyFromUtf8("next");
    String client =
        JobListQuery.parse("acme", null, null, "2026-03-01T09:00:00Z", null, null, null)
            .clientToken(token);

    assertThat(
            JobListQuery.parse("acme", null, null, "2026-03-01T09:00:00Z", null, null, client)
                .pageToken())
        .isEqualTo(token);
    assertThatThrownBy(() -> JobListQuery.parse("acme", null, null, null, client))
        .isInstanceOf(ApiProblem.class);
    assertThatThrownBy(
            () ->
                JobListQuery.parse("acme", null, null, "2026-03-01T08:00:00Z", null, null, client))
        .isInstanceOf(ApiProblem.class);
  }
}
