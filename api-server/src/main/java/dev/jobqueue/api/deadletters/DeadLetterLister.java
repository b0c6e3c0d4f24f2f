package dev.jobqueue.api.deadletters;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.runtime.TemporalConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import java.util.Optional;

/** Lists a tenant's dead letters from Temporal's visibility store, a page at a time. */
public final class DeadLetterLister {
  private final Visibility visibility;
  private final DeadLetterRecords records;

  public DeadLetterLister(WorkflowClient client, TemporalConfig temporal) {
    this(
        new TemporalVisibility(client, temporal),
        new DeadLetterRecords(client.getOptions().getDataConverter(), temporal));
  }

  DeadLetterLister(Visibility visibility, DeadLetterRecords records) {
    this.visibility = visibility;
    this.records = records;
  }

  public DeadLetterPage list(DeadLetterListQuery query) {
    ListWorkflowExecutionsResponse response;
    try {
      response = visibility.list(query.visibilityQuery(), query.pageSize(), query.pageToken());
    } catch (StatusRuntimeException e) {
      // our query is well-formed, so an invalid argument is the token: one that has expired
      if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT && !query.pageToken().isEmpty()) {
        throw ApiProblem.invalid("pageToken", "is no longer valid; list again from the first page");
      }
      throw e;
    }
    var items =
        response.getExecutionsList().stream()
            .map(info -> records.item(query.tenant(), info))
            .flatMap(Optional::stream)
            .toList();
    String next =
        response.getNextPageToken().isEmpty()
            ? null
            : query.clientToken(response.getNextPageToken());
    return new DeadLetterPage(items, next);
  }
}
