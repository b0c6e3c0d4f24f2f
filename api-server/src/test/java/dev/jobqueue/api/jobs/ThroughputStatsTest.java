package dev.jobqueue.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.jobqueue.api.StoppedClock;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.job.JobSearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.SearchAttributesUtil;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures behind GET /v1/stats, from a stand-in for the visibility store. */
class ThroughputStatsTest {
  private final StoppedClock clock = new StoppedClock(); // 2026-03-01T10:00:00Z

  /** Answers lists with {@code pages} (then nothing), counts with 7, and records every query. */
  private static final class FakeSource implements ThroughputStats.Source {
    final List<List<WorkflowExecutionInfo>> pages;
    final boolean endless;
    final List<String> queries = Collections.synchronizedList(new ArrayList<>());

    FakeSource(boolean endless, List<List<WorkflowExecutionInfo>> pages) {
      this.pages = pages;
      this.endless = endless;
    }

    @Override
    public ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString token) {
      queries.add(query);
      int page = token.isEmpty() ? 0 : Integer.parseInt(token.toStringUtf8());
      var response =
          ListWorkflowExecutionsResponse.newBuilder()
              .addAllExecutions(page < pages.size() ? pages.get(page) : List.of());
      if (endless || page + 1 < pages.size()) {
        response.setNextPageToken(ByteString.copyFromUtf8(String.valueOf(page + 1)));
      }
      return response.build();
    }

    @Override
    public long count(String query) {
      queries.add(query);
      return 7;
    }
  }

  private static Timestamp ts(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }

  private static WorkflowExecutionInfo job(
      String id,
      String type,
      String recorded,
      Instant started,
      Instant closed,
      WorkflowExecutionStatus status,
      Instant parkedAt) {
    var attributes =
        SearchAttributes.newBuilder()
            .set(JobSearchAttributes.TENANT, "acme")
            .set(JobSearchAttributes.JOB_STATUS, recorded);
    if (type != null) {
      attributes.set(JobSearchAttributes.JOB_TYPE, type);
    }
    if (parkedAt != null) {
      attributes.set(
          JobSearchAttributes.DEAD_LETTERED_AT, OffsetDateTime.ofInstant(parkedAt, ZoneOffset.UTC));
    }
    var info =
        WorkflowExecutionInfo.newBuilder()
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId("acme/" + id).setRunId("r"))
            .setStartTime(ts(started))
            .setExecutionTime(ts(started))
            .setStatus(status)
            .setSearchAttributes(SearchAttributesUtil.encodeTyped(attributes.build()));
    if (closed != null) {
      info.setCloseTime(ts(closed));
    }
    return info.build();
  }

  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  private ThroughputStats stats(FakeSource source) {
    return new ThroughputStats(source, DefaultDataConverter.STANDARD_INSTANCE, clock);
  }

  @Test
  void countsEachMinutesStartsFinishesAndJobsInFlight() {
    clock.advance(Duration.ofSeconds(30)); // 10:00:30: the current minute is 10:00
    var source =
        new FakeSource(
            false,
            List.of(
                List.of(
                    // started 09:58:10, succeeded 09:59:05
                    job(
                        "a",
                        "email",
                        "SUCCEEDED",
                        T.minusSeconds(110),
                        T.minusSeconds(55),
                        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
                        null),
                    // started 09:59:30, parked 10:00:10 (its workflow stays open)
                    job(
                        "b",
                        "pdf",
                        "DEAD_LETTERED",
                        T.minusSeconds(30),
                        null,
                        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                        T.plusSeconds(10))),
                List.of(
                    // started two hours ago, still running: in flight all along
                    job(
                        "c",
                        "email-batch",
                        "QUEUED",
                        T.minus(Duration.ofHours(2)),
                        null,
                        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                        null),
                    // a group of coalesced emails: no JobType, not counted
                    job(
                        "g",
                        null,
                        "QUEUED",
                        T.minusSeconds(30),
                        null,
                        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                        null))));

    var doc = stats(source).of("acme", Duration.ofMinutes(15));

    assertThat(doc.window()).isEqualTo("PT15M");
    assertThat(doc.bucket()).isEqualTo("PT1M");
    assertThat(doc.from()).isEqualTo(Instant.parse("2026-03-01T09:46:00Z"));
    assertThat(doc.to()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
    assertThat(doc.minutes()).hasSize(15).endsWith(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(doc.complete()).isTrue();
    var email = doc.types().get("email");
    assertThat(email.started().get(12)).isEqualTo(1); // 09:58
    assertThat(email.succeeded().get(13)).isEqualTo(1); // 09:59
    assertThat(email.started().stream().mapToInt(i -> i).sum()).isEqualTo(1);
    var pdf = doc.types().get("pdf");
    assertThat(pdf.started().get(13)).isEqualTo(1);
    assertThat(pdf.deadLettered().get(14)).isEqualTo(1); // 10:00
    assertThat(doc.types().get("email-batch").started()).containsOnly(0);
    assertThat(doc.types()).containsOnlyKeys("email", "email-batch", "pdf");
    // c throughout; a from 09:58:10 to 09:59:05 (in flight at 09:59:00); b from 09:59:30 to
    // 10:00:10 (in flight at 10:00:00, parked by now)
    assertThat(doc.inFlight().subList(0, 12)).containsOnly(1);
    assertThat(doc.inFlight().subList(12, 15)).containsExactly(2, 2, 1);
    assertThat(doc.current()).isEqualTo(new ThroughputStats.Current(7, 7, 7));
    assertThat(source.queries)
        .allSatisfy(q -> assertThat(q).startsWith("Tenant = 'acme' AND "))
        .first()
        .asString()
        .contains("CloseTime >= '2026-03-01T09:46:00Z'");
  }

  @Test
  void readsAtMostAFewPagesAndSaysSo() {
    var source = new FakeSource(true, List.of());

    var doc = stats(source).of("acme", Duration.ofHours(1));

    assertThat(doc.complete()).isFalse();
    assertThat(doc.minutes()).hasSize(60);
    assertThat(source.queries.stream().filter(q -> q.contains("CloseTime")).count())
        .isEqualTo(ThroughputStats.MAX_PAGES);
  }

  @Test
  void answersFromItsCacheForAFewSecondsPerTenantAndWindow() {
    var source = new FakeSource(false, List.of());
    var stats = stats(source);

    var first = stats.of("acme", Duration.ofHours(1));
    int calls = source.queries.size();
    assertThat(stats.of("acme", Duration.ofHours(1))).isSameAs(first);
    assertThat(source.queries).hasSize(calls);

    stats.of("globex", Duration.ofHours(1));
    stats.of("acme", Duration.ofMinutes(15));
    assertThat(source.queries).hasSize(3 * calls);
    assertThat(source.queries.subList(calls, 2 * calls))
        .allSatisfy(q -> assertThat(q).startsWith("Tenant = 'globex' AND "));

    clock.advance(ThroughputStats.FRESHNESS);
    assertThat(stats.of("acme", Duration.ofHours(1))).isNotSameAs(first);
    assertThat(source.queries).hasSize(4 * calls);
  }

  @Test
  void takesOnlyTheWindowsItKnows() {
    assertThat(ThroughputStats.window(null)).isEqualTo(Duration.ofHours(1));
    assertThat(ThroughputStats.window("PT15M")).isEqualTo(Duration.ofMinutes(15));
    for (String bad : new String[] {"PT2H", "pt1h", "PT60M", "1h", ""}) {
      assertThatThrownBy(() -> ThroughputStats.window(bad))
          .as(bad)
          .isInstanceOf(ApiProblem.class)
          .hasMessageContaining("PT15M, PT30M, PT1H");
    }
  }
}
