package dev.jobqueue.api.jobs;

import com.google.protobuf.ByteString;
import dev.jobqueue.job.JobRef;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a job's history from its workflow's event history, every run of it (a parked job continues
 * as new when its history grows long), oldest first, and at most {@link #MAX_EVENTS} events of it.
 */
public final class JobHistoryReader {
  /** The most events one request reads: a job's first ones. Far more than a job usually has. */
  public static final int MAX_EVENTS = 10_000;

  /** The most runs followed back from the current one; a job continued more is read from there. */
  static final int MAX_RUNS = 20;

  private static final int PAGE = 1_000;

  private final WorkflowClient client;
  private final JobStatusReader reader;

  public JobHistoryReader(WorkflowClient client, JobStatusReader reader) {
    this.client = client;
    this.reader = reader;
  }

  /** The caller's job's history, or 404 as for its status. */
  public JobHistory read(JobRef ref) {
    return switch (reader.resolve(ref)) {
      case DescribedJob own -> history(own);
      case GroupedJobs.GroupedJob grouped -> carried(reader.read(grouped.ref()));
    };
  }

  private JobHistory history(DescribedJob job) {
    String workflowId = job.ref().workflowId();
    var execution = job.description().getWorkflowExecutionInfo().getExecution();
    // the runs, oldest first: each run's first event names the run it continued from
    Deque<String> runs = new ArrayDeque<>();
    runs.push(execution.getRunId());
    boolean truncated = false;
    while (true) {
      var first = page(workflowId, runs.peek(), ByteString.EMPTY, 1);
      String previous =
          first.getHistory().getEventsCount() == 0
                  || !first.getHistory().getEvents(0).hasWorkflowExecutionStartedEventAttributes()
              ? ""
              : first
                  .getHistory()
                  .getEvents(0)
                  .getWorkflowExecutionStartedEventAttributes()
                  .getContinuedExecutionRunId();
      if (previous.isEmpty()) {
        break;
      }
      if (runs.size() == MAX_RUNS) {
        truncated = true; // its oldest runs are not read: begins where the runs read begin
        break;
      }
      runs.push(previous);
    }
    var events = new HistoryEvents(client.getOptions().getDataConverter());
    int read = 0;
    for (String runId : runs) {
      ByteString token = ByteString.EMPTY;
      do {
        var response = page(workflowId, runId, token, Math.min(PAGE, MAX_EVENTS - read));
        for (HistoryEvent event : response.getHistory().getEventsList()) {
          if (read == MAX_EVENTS) {
            return done(job, events, true);
          }
          events.accept(event);
          read++;
        }
        token = response.getNextPageToken();
        if (read == MAX_EVENTS && !token.isEmpty()) {
          return done(job, events, true);
        }
      } while (!token.isEmpty());
    }
    if (job.isOpen()) {
      Instant now = reader.now();
      job.description()
          .getRawDescription()
          .getPendingActivitiesList()
          .forEach(pending -> events.pending(pending, now));
    }
    return done(job, events, truncated);
  }

  private static JobHistory done(DescribedJob job, HistoryEvents events, boolean truncated) {
    return new JobHistory(job.ref().jobId(), events.entries(), truncated, links(job.ref()));
  }

  private GetWorkflowExecutionHistoryResponse page(
      String workflowId, String runId, ByteString token, int size) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .getWorkflowExecutionHistory(
            GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(
                    WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                .setMaximumPageSize(size)
                .setNextPageToken(token)
                .build());
  }

  /**
   * A coalesced email still carried by its group has no workflow of its own to read: its history is
   * what its status document says, its creation and where it stands.
   */
  static JobHistory carried(JobStatusDocument job) {
    List<HistoryEntry> entries = new ArrayList<>();
    entries.add(HistoryEntry.of(job.createdAt(), HistoryKind.CREATED));
    HistoryError error =
        job.lastError() == null
            ? null
            : new HistoryError(job.lastError().type(), job.lastError().message(), null);
    switch (job.status()) {
      case RUNNING ->
          entries.add(
              new HistoryEntry(
                  job.updatedAt(),
                  HistoryKind.STARTED,
                  job.attempt() == null || job.attempt() < 1 ? null : job.attempt(),
                  null,
                  null,
                  null));
      case RETRYING ->
          entries.add(
              new HistoryEntry(
                  job.updatedAt(),
                  HistoryKind.RETRY_SCHEDULED,
                  job.attempt() == null ? null : Math.max(1, job.attempt() + 1),
                  null,
                  error,
                  job.nextAttemptAt()));
      case SUCCEEDED -> entries.add(HistoryEntry.of(job.updatedAt(), HistoryKind.SUCCEEDED));
      case CANCELLED -> entries.add(HistoryEntry.of(job.updatedAt(), HistoryKind.CANCELLED));
      default -> {
        // queued in its group: nothing happened to it yet
      }
    }
    return new JobHistory(job.jobId(), entries, false, links(job.jobId()));
  }

  private static JobHistory.JobHistoryLinks links(JobRef ref) {
    return links(ref.jobId());
  }

  private static JobHistory.JobHistoryLinks links(String jobId) {
    String job = "/v1/jobs/" + JobLinks.encode(jobId);
    return new JobHistory.JobHistoryLinks(job + "/history", job);
  }
}
