package dev.jobqueue.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalConfig;
import io.grpc.Status;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.SearchAttributesUtil;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operator gauges over a stand-in visibility store that answers the queries they send. */
class DeadLetterGaugesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Pattern BEFORE = Pattern.compile("DeadLetteredAt < '([^']+)'");

  /** Dead letters of one type, listed newest first as visibility lists open workflows. */
  static final class StandInVisibility implements Visibility {
    final List<Instant> parkedAt = new ArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString pageToken) {
      queries.add(query);
      var matching = matching(query);
      var page = ListWorkflowExecutionsResponse.newBuilder();
      matching.stream().limit(pageSize).forEach(at -> page.addExecutions(info(at)));
      if (matching.size() > pageSize) {
        page.setNextPageToken(ByteString.copyFromUtf8("more"));
      }
      return page.build();
    }

    @Override
    public long count(String query) {
      if (down) {
        throw Status.UNAVAILABLE.asRuntimeException();
      }
      return matching(query).size();
    }

    private List<Instant> matching(String query) {
      if (!query.contains("JobType = 'email'")) {
        return List.of();
      }
      var bound = BEFORE.matcher(query);
      Instant before = bound.find() ? Instant.parse(bound.group(1)) : Instant.MAX;
      return parkedAt.stream()
          .filter(at -> at.isBefore(before))
          .sorted(Comparator.reverseOrder())
          .toList();
    }

    private static WorkflowExecutionInfo info(Instant parkedAt) {
      var attributes =
          SearchAttributes.newBuilder()
              .set(JobSearchAttributes.DEAD_LETTERED_AT, parkedAt.atOffset(ZoneOffset.UTC))
              .build();
      return WorkflowExecutionInfo.newBuilder()
          .setExecution(
              WorkflowExecution.newBuilder().setWorkflowId("acme/" + parkedAt.toEpochMilli()))
          .setSearchAttributes(SearchAttributesUtil.encodeTyped(attributes))
          .build();
    }
  }

  private final StandInVisibility visibility = new StandInVisibility();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DeadLetterGauges gauges =
      new DeadLetterGauges(
          visibility,
          new DeadLetterRecords(
              DefaultDataConverter.STANDARD_INSTANCE,
              new TemporalConfig("x", "default", "http://ui")),
          registry,
          new TemporalDeadline(Duration.ofSeconds(5)),
          Clock.fixed(NOW, ZoneOffset.UTC),
          Duration.ofSeconds(30));

  private void park(int count, Instant newest) {
    for (int i = 0; i < count; i++) {
      visibility.parkedAt.add(newest.minusSeconds(i));
    }
  }

  @Test
  void showsDepthAndOldestAgeByTypeUnderThePrometheusNames() {
    park(2_500, NOW.minusSeconds(60));

    gauges.refresh();

    String scrape = registry.scrape();
    assertThat(scrape).contains("jobqueue_dead_letters_depth{job_type=\"email\"} 2500.0");
    // the oldest was parked 60 + 2,499 seconds ago: found by narrowing, three pages
    assertThat(scrape)
        .contains("jobqueue_dead_letters_oldest_age_seconds{job_type=\"email\"} 2559.0");
    assertThat(scrape).contains("jobqueue_dead_letters_depth{job_type=\"pdf\"} 0.0");
    assertThat(scrape).contains("jobqueue_dead_letters_oldest_age_seconds{job_type=\"pdf\"} 0.0");
    assertThat(visibility.queries).hasSize(3);
    assertThat(visibility.queries.get(0))
        .isEqualTo(
            "ExecutionStatus = 'Running' AND JobStatus = 'DEAD_LETTERED' AND JobType = 'email'");
    assertThat(visibility.queries.get(1)).endsWith(" AND DeadLetteredAt < '2026-03-01T11:42:21Z'");
  }

  @Test
  void givesALowerBoundWhenTheScanBudgetRunsOut() {
    park(12_000, NOW);

    Instant oldest =
        gauges.oldest(new DeadLetterFilter(dev.jobqueue.job.JobType.EMAIL, null, null, null));

    assertThat(visibility.queries).hasSize(DeadLetterGauges.SCAN_MAX_PAGES);
    assertThat(oldest).isEqualTo(NOW.minusSeconds(9_999));
  }

  @Test
  void logsAFailedRefreshAndKeepsTheLastValues() {
    park(3, NOW.minusSeconds(10));
    gauges.refresh();
    visibility.down = true;

    gauges.refresh();

    assertThat(registry.scrape()).contains("jobqueue_dead_letters_depth{job_type=\"email\"} 3.0");
  }

  @Test
  void showsNothingKnownBeforeTheFirstRefresh() {
    assertThat(registry.scrape()).contains("jobqueue_dead_letters_depth{job_type=\"email\"} NaN");
  }
}
