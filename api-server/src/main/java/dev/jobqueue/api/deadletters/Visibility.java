package dev.jobqueue.api.deadletters;

import com.google.protobuf.ByteString;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;

/** The two visibility calls dead letters are found with; an interface so tests can stand in. */
interface Visibility {
  /** One page of the workflows {@code query} selects; an empty token asks for the first. */
  ListWorkflowExecutionsResponse list(String query, int pageSize, ByteString pageToken);

  /** How many workflows {@code query} selects. */
  long count(String query);
}
