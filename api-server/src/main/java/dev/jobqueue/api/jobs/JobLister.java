package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.runtime.TemporalConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

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
    var items =
        response.getExecutionsList().stream()
            .map(info -> summary(tenant, info, now))
            .flatMap(Optional::stream)
            .toList();
    String next =
        response.getNextPageToken().isEmpty()
            ? null
            : query.clientToken(response.getNextPageToken());
    return new JobPage(items, next);
  }

  private Optional<JobSummary> summary(String tenant, WorkflowExecutionInfo info, Instant now) {
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
    return Optional.of(
        new JobSummary(
            ref.jobId(),
            type.get().wireName(),
            StatusRules.fromVisibility(info, recorded, now),
            created,
            updated,
            JobLinks.of(ref, temporal)));
  }
}
