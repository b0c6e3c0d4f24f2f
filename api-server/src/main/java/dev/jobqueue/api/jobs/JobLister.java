package dev.jobqueue.api.jobs;

import com.google.common.util.concurrent.ListenableFuture;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.email.GroupedJobState;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import dev.jobqueue.runtime.TemporalConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Lists a tenant's jobs from Temporal's visibility store, a page at a time. */
public final class JobLister {
  private final WorkflowClient client;
  private final TemporalConfig temporal;
  private final Clock clock;

  public JobLister(WorkflowClient client, TemporalConfig temporal, Clock clock) {
    this.client = client;
    this.temporal = temporal;
    this.clock = clock;
  }

  public JobPage list(JobListQuery query) {
    String tenant = query.tenant();
    Instant now = clock.instant();
    var request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(temporal.namespace())
            .setPageSize(query.pageSize())
            .setNextPageToken(query.pageToken())
            .setQuery(query.visibilityQuery(now))
            .build();
    ListWorkflowExecutionsResponse response;
    try {
      response = client.getWorkflowServiceStubs().blockingStub().listWorkflowExecutions(request);
    } catch (StatusRuntimeException e) {
      // our query is well-formed, so an invalid argument is the token: one that has expired
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && !query.pageToken().isEmpty()) {
        throw ApiProblem.invalid("pageToken", "is no longer valid; list again from the first page");
      }
      throw e;
    }
    var listed = new ArrayList<Listed>();
    var grouped = new ArrayList<JobSummary>();
    for (WorkflowExecutionInfo info : response.getExecutionsList()) {
      if (JobListQuery.GROUP_WORKFLOW_TYPE.equals(info.getType().getName())) {
        grouped.addAll(groupedJobs(tenant, info, query.status()));
      } else {
        summary(tenant, info, now).ifPresent(listed::add);
      }
    }
    var items = new ArrayList<>(underWay(listed, query.status(), now));
    items.addAll(grouped);
    String next =
        response.getNextPageToken().isEmpty()
            ? null
            : query.clientToken(response.getNextPageToken());
    return new JobPage(items, next);
  }

  /**
   * The page with each job under way as its execution shows it (queued, running or retrying: the
   * workflow records none of these), asked of all of them at once; only those with {@code wanted}
   * when the list is filtered by one of those statuses. A filtered page may so hold fewer items
   * than its size; {@code nextPageToken} goes on.
   */
  private List<JobSummary> underWay(List<Listed> page, JobStatus wanted, Instant now) {
    var described = new HashMap<JobRef, ListenableFuture<DescribeWorkflowExecutionResponse>>();
    for (Listed item : page) {
      if (JobListQuery.refinesUnderWay(item.summary().status()) && item.open()) {
        described.put(
            item.ref(),
            client
                .getWorkflowServiceStubs()
                .futureStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(temporal.namespace())
                        .setExecution(
                            WorkflowExecution.newBuilder().setWorkflowId(item.ref().workflowId()))
                        .build()));
      }
    }
    var out = new ArrayList<JobSummary>(page.size());
    for (Listed item : page) {
      JobSummary exact = item.summary();
      var future = described.get(item.ref());
      if (future != null) {
        exact = exact.withStatus(statusOf(item, future, now));
      }
      if (wanted == null || !JobListQuery.refinesUnderWay(wanted) || exact.status() == wanted) {
        out.add(exact);
      }
    }
    return out;
  }

  private JobStatus statusOf(
      Listed item, ListenableFuture<DescribeWorkflowExecutionResponse> described, Instant now) {
    try {
      var description =
          new WorkflowExecutionDescription(described.get(), client.getOptions().getDataConverter());
      return new DescribedJob(item.ref(), item.type(), description).status(now);
    } catch (ExecutionException e) {
      // it ended or went away between the list and the look: the list's word stands
      return item.summary().status();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return item.summary().status();
    }
  }

  /**
   * The jobs a group carries, from the memo its visibility record holds: each with its own status,
   * as {@code GET} reads it. A job the group parked as a dead letter is listed as the workflow of
   * its own it then has.
   */
  private List<JobSummary> groupedJobs(
      String tenant, WorkflowExecutionInfo info, JobStatus wanted) {
    var metadata = new WorkflowExecutionMetadata(info, client.getOptions().getDataConverter());
    String workflowId = info.getExecution().getWorkflowId();
    if (!workflowId.startsWith(tenant + "/")) {
      return List.of();
    }
    Instant created = info.hasStartTime() ? StatusRules.instant(info.getStartTime()) : null;
    var out = new ArrayList<JobSummary>();
    var keys =
        info.getMemo().getFieldsMap().keySet().stream()
            .filter(k -> k.matches("job[0-9]+"))
            .sorted(java.util.Comparator.comparingInt(k -> Integer.parseInt(k.substring(3))))
            .toList();
    for (String key : keys) {
      GroupedJobState state = metadata.getMemo(key, GroupedJobState.class, GroupedJobState.class);
      if (state == null || state.jobId() == null || state.status() == JobStatus.DEAD_LETTERED) {
        continue;
      }
      JobStatus status =
          info.hasCloseTime() && !state.status().isTerminal()
              ? JobStatus.CANCELLED
              : state.status();
      if (wanted != null && status != wanted) {
        continue;
      }
      var ref = new JobRef(state.jobId(), tenant);
      out.add(
          new JobSummary(
              state.jobId(),
              JobType.EMAIL.wireName(),
              status,
              created,
              state.updatedAt() == null ? created : Instant.parse(state.updatedAt()),
              JobLinks.of(ref, workflowId, temporal)));
    }
    return out;
  }

  /** A listed job with what the lister needs of it besides what the client is shown. */
  private record Listed(JobSummary summary, JobRef ref, JobType type, boolean open) {}

  private Optional<Listed> summary(String tenant, WorkflowExecutionInfo info, Instant now) {
    var metadata = new WorkflowExecutionMetadata(info, client.getOptions().getDataConverter());
    String prefix = tenant + "/";
    String workflowId = info.getExecution().getWorkflowId();
    var type =
        JobTypes.byWireName(metadata.getTypedSearchAttributes().get(JobSearchAttributes.JOB_TYPE));
    if (!workflowId.startsWith(prefix) || type.isEmpty()) {
      return Optional.empty(); // tagged with the tenant but not a job of ours
    }
    var ref = new JobRef(workflowId.substring(prefix.length()), tenant);
    var recorded =
        StatusRules.recorded(
            metadata.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS));
    Instant created = info.hasStartTime() ? StatusRules.instant(info.getStartTime()) : null;
    Instant due = StatusRules.executionTime(info);
    Instant updated =
        info.hasCloseTime()
            ? StatusRules.instant(info.getCloseTime())
            : StatusRules.latest(created, due != null && !due.isAfter(now) ? due : null);
    var summary =
        new JobSummary(
            ref.jobId(),
            type.get().wireName(),
            StatusRules.fromVisibility(info, recorded, now),
            StatusRules.createdAt(
                created, metadata.getMemo(JobMemo.CREATED_AT, String.class, String.class)),
            updated,
            JobLinks.of(ref, temporal));
    return Optional.of(new Listed(summary, ref, type.get(), !info.hasCloseTime()));
  }
}
