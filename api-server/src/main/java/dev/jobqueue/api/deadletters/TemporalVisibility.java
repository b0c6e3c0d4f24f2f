package dev.jobqueue.api.deadletters;

import com.google.protobuf.ByteString;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;

/**
 * Visibility queries on the job namespace. Calls end by the deadline of the gRPC context they run
 * in (an API request's), or, outside one, by the stub's own timeout.
 */
final class TemporalVisibility implements Visibility {
  private final WorkflowClient client;
  private final TemporalConfig temporal;

  TemporalVisibility(WorkflowClient client, TemporalConfig temporal) {
    this.client = client;
    this.temporal = temporal;
  }

  @Override
  public ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString pageToken) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .listWorkflowExecutions(
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(temporal.namespace())
                .setQuery(query)
                .setPageSize(pageSize)
                .setNextPageToken(pageToken)
                .build());
  }

  @Override
  public long count(String query) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .countWorkflowExecutions(
            CountWorkflowExecutionsRequest.newBuilder()
                .setNamespace(temporal.namespace())
                .setQuery(query)
                .build())
        .getCount();
  }
}
