package dev.jobqueue.api.deadletters;

import com.google.protobuf.ByteString;
import dev.jobqueue.TaskQueues;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.deadletter.BulkRedriveCounts;
import dev.jobqueue.deadletter.BulkRedriveInput;
import dev.jobqueue.deadletter.BulkRedriveWorkflow;
import dev.jobqueue.runtime.TemporalConfig;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bulk redrive as an operation: the request selects the tenant's dead letters a filter names (at
 * most {@code maxSelection}; more is a 422 asking for a narrower filter), then starts a {@link
 * BulkRedriveWorkflow} on the control queue that signals them, and answers at once. The operation's
 * workflow id comes from the tenant and the Idempotency-Key, so a retry is the same operation and
 * no job is signalled twice by it. Without a key it comes from the filter: a retry while the first
 * is running joins it; once that has finished, the same filter is a new operation (its jobs may
 * have failed again since).
 */
public final class BulkRedrive {
  /** Visibility page size while selecting (Temporal's own maximum is 1,000). */
  static final int SELECT_PAGE_SIZE = 1_000;

  /** The memo key holding what the operation was asked for, to tell a reused key. */
  static final String REQUEST_MEMO = "request";

  private static final String PREFIX = "bulk-redrive/";
  private static final Pattern OPERATION_ID = Pattern.compile("[kf][A-Za-z0-9_-]{22}");

  private final WorkflowClient client;
  private final Visibility visibility;
  private final DeadLetterRecords records;
  private final TemporalDeadline deadline;
  private final int maxSelection;

  public BulkRedrive(
      WorkflowClient client, TemporalConfig temporal, TemporalDeadline deadline, int maxSelection) {
    this(
        client,
        new TemporalVisibility(client, temporal),
        new DeadLetterRecords(client.getOptions().getDataConverter(), temporal),
        deadline,
        maxSelection);
  }

  BulkRedrive(
      WorkflowClient client,
      Visibility visibility,
      DeadLetterRecords records,
      TemporalDeadline deadline,
      int maxSelection) {
    this.client = client;
    this.visibility = visibility;
    this.records = records;
    this.deadline = deadline;
    this.maxSelection = maxSelection;
  }

  /**
   * Starts the operation (or finds the one this request already started) and returns its status.
   *
   * @param idempotencyKey the request's Idempotency-Key, or null
   */
  public BulkRedriveStatus start(String tenant, DeadLetterFilter filter, String idempotencyKey) {
    String request = filter.scope(tenant);
    String id =
        idempotencyKey == null
            // the filter's scope is not a key (it has NULs between its parts): hashed as a request
            ? "f" + JobIds.forRequest(tenant, "bulk-redrive-filter:" + request)
            : "k" + JobIds.forKey(tenant, "bulk-redrive:", idempotencyKey);
    String workflowId = workflowId(tenant, id);
    if (idempotencyKey != null) {
      var existing = existing(workflowId, request);
      if (existing != null) {
        return status(id, workflowId, existing);
      }
    }
    List<String> selected = select(tenant, filter);
    var options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.CONTROL)
            .setMemo(Map.of(REQUEST_MEMO, request))
            // a key names one operation for good; a filter only while it runs
            .setWorkflowIdReusePolicy(
                idempotencyKey == null
                    ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
                    : WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(
                WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            .build();
    var input = new BulkRedriveInput(tenant, selected, BulkRedriveCounts.of(selected.size()), 0);
    try {
      deadline.within(
          () ->
              WorkflowClient.start(
                  client.newWorkflowStub(BulkRedriveWorkflow.class, options)::redrive, input));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // another request with the same key started it between our look and our start
    }
    var found = existing(workflowId, request);
    return found == null
        ? BulkRedriveStatus.of(id, "RUNNING", BulkRedriveCounts.of(selected.size()))
        : status(id, workflowId, found);
  }

  /** The tenant's operation {@code id}, or 404 if it has none of that id. */
  public BulkRedriveStatus status(String tenant, String id) {
    if (id == null || !OPERATION_ID.matcher(id).matches()) {
      throw notFound(id);
    }
    return deadline.within(
        () -> {
          var stub = client.newUntypedWorkflowStub(workflowId(tenant, id));
          try {
            return status(id, workflowId(tenant, id), stub.describe().getStatus());
          } catch (WorkflowNotFoundException e) {
            throw notFound(id);
          }
        });
  }

  /** The path of the operation's status document. */
  public static String location(String id) {
    return "/v1/dead-letters/redrives/" + id;
  }

  private BulkRedriveStatus status(
      String id, String workflowId, WorkflowExecutionStatus execution) {
    return deadline.within(
        () -> {
          var stub = client.newUntypedWorkflowStub(workflowId);
          return switch (execution) {
            case WORKFLOW_EXECUTION_STATUS_COMPLETED ->
                BulkRedriveStatus.of(id, "SUCCEEDED", stub.getResult(BulkRedriveCounts.class));
            case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW ->
                BulkRedriveStatus.of(
                    id, "RUNNING", stub.query("Progress", BulkRedriveCounts.class));
            default ->
                BulkRedriveStatus.of(id, "FAILED", stub.query("Progress", BulkRedriveCounts.class));
          };
        });
  }

  private static String workflowId(String tenant, String id) {
    return PREFIX + tenant + "/" + id;
  }

  /**
   * The execution status of the operation already under {@code workflowId}, or null if there is
   * none; 422 if it was asked for with another filter.
   */
  private WorkflowExecutionStatus existing(String workflowId, String request) {
    return deadline.within(
        () -> {
          try {
            var description = client.newUntypedWorkflowStub(workflowId).describe();
            Object asked = description.getMemo(REQUEST_MEMO, String.class);
            if (!request.equals(asked)) {
              throw ApiProblem.of(
                  422,
                  "idempotency-key-reused",
                  "Idempotency-Key reused with a different request",
                  "a bulk redrive with another filter was started with this Idempotency-Key;"
                      + " use a new key for a new request");
            }
            return description.getStatus();
          } catch (WorkflowNotFoundException e) {
            return null;
          }
        });
  }

  /** The workflow ids of the tenant's dead letters the filter selects, as visibility sees them. */
  List<String> select(String tenant, DeadLetterFilter filter) {
    String query = filter.visibilityQuery(tenant);
    var ids = new ArrayList<String>();
    ByteString token = ByteString.EMPTY;
    do {
      ByteString from = token;
      var page = deadline.within(() -> visibility.list(query, SELECT_PAGE_SIZE, from));
      page.getExecutionsList()
          .forEach(info -> records.job(tenant, info).ifPresent(j -> ids.add(j.ref().workflowId())));
      if (ids.size() > maxSelection) {
        throw ApiProblem.of(
            422,
            "selection-too-large",
            "The filter selects too many dead letters",
            "a bulk redrive takes at most "
                + maxSelection
                + " dead letters and this filter selects more; narrow it (type, errorType,"
                + " deadLetteredAfter, deadLetteredBefore) and redrive in parts");
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return ids;
  }

  private static ApiProblem notFound(String id) {
    return ApiProblem.of(
        404, "not-found", "No such bulk redrive", "no bulk redrive of yours has the id " + id);
  }
}
