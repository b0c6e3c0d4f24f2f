package dev.jobqueue.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.jobs.JobListQuery;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emails of a tenant's {@code email-batch} jobs under way, counted from Temporal's visibility
 * (so every API process sees every other's batches) plus the batches this process admitted that
 * visibility does not list yet (it trails a start by up to a second or so).
 */
public final class BulkInFlight {
  /** A tenant's unfinished batch workflows and their emails, by workflow id. */
  public interface Listing {
    Map<String, Long> underWay(String tenant);
  }

  /** How long a batch admitted here is counted before visibility must have it. */
  static final Duration VISIBILITY_LAG = Duration.ofSeconds(30);

  private record Admitted(long emails, Instant at) {}

  private final Listing listing;
  private final Clock clock;
  private final Map<String, Map<String, Admitted>> recent = new ConcurrentHashMap<>();

  public BulkInFlight(Listing listing, Clock clock) {
    this.listing = listing;
    this.clock = clock;
  }

  /** Unfinished batches in Temporal's visibility: the tenant's, not parked as dead letters. */
  public static BulkInFlight of(WorkflowClient client, Clock clock) {
    return new BulkInFlight(tenant -> listed(client, tenant), clock);
  }

  /**
   * The emails of the tenant's batches under way, this process's fresh admissions included, other
   * than those of the workflow {@code except}.
   */
  long emails(String tenant, String except) {
    Map<String, Long> listed = new HashMap<>(listing.underWay(tenant));
    listed.remove(except);
    long total = listed.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Admitted> mine = recent.get(tenant);
    if (mine != null) {
      Instant horizon = clock.instant().minus(VISIBILITY_LAG);
      mine.entrySet()
          .removeIf(e -> listed.containsKey(e.getKey()) || e.getValue().at().isBefore(horizon));
      total +=
          mine.entrySet().stream()
              .filter(e -> !e.getKey().equals(except))
              .mapToLong(e -> e.getValue().emails())
              .sum();
    }
    return total;
  }

  void started(String tenant, String workflowId, long emails) {
    recent
        .computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
        .put(workflowId, new Admitted(emails, clock.instant()));
  }

  void forget(String tenant, String workflowId) {
    Map<String, Admitted> mine = recent.get(tenant);
    if (mine != null) {
      mine.remove(workflowId);
    }
  }

  private static Map<String, Long> listed(WorkflowClient client, String tenant) {
    String query =
        JobSearchAttributes.TENANT.getName()
            + " = "
            + JobListQuery.literal(tenant)
            + " AND "
            + JobSearchAttributes.JOB_TYPE.getName()
            + " = "
            + JobListQuery.literal(JobType.EMAIL_BATCH.wireName())
            + " AND ExecutionStatus = 'Running' AND "
            + JobSearchAttributes.JOB_STATUS.getName()
            + " IN ('"
            + JobStatus.SCHEDULED
            + "', '"
            + JobStatus.QUEUED
            + "', '"
            + JobStatus.RUNNING
            + "', '"
            + JobStatus.RETRYING
            + "')";
    var out = new HashMap<String, Long>();
    client
        .listExecutions(query)
        .forEach(w -> out.put(w.getExecution().getWorkflowId(), emailsOf(w)));
    return out;
  }

  /** From the memo's work figure, or for a batch started before it was kept, its request's. */
  private static long emailsOf(WorkflowExecutionMetadata w) {
    try {
      Long work = w.getMemo(JobMemo.WORK, Long.class, Long.class);
      if (work != null) {
        return work;
      }
      JsonNode request = w.getMemo(JobMemo.REQUEST, JsonNode.class, JsonNode.class);
      if (request != null) {
        JsonNode payload = request.path("payload");
        JsonNode count =
            payload.has("recipients")
                ? payload.path("recipients").path("count")
                : payload.path("messages").path("count");
        return count.asLong(0);
      }
    } catch (DataConverterException e) {
      // not written by our API: counted as nothing rather than refusing every batch
    }
    return 0;
  }
}
