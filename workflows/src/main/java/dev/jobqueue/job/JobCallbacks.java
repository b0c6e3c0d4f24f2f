package dev.jobqueue.job;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.callback.CallbackDocument;
import dev.jobqueue.callback.CallbackRequest;
import dev.jobqueue.callback.CallbackWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A job's completion callbacks: when the job reaches a terminal status and its memo names a {@code
 * callback}, a {@link CallbackWorkflow} is started to deliver it, abandoned by the job (it outlives
 * the job's workflow and never holds it open). The job waits only until the callback's workflow has
 * started, so that it is durably on its way.
 *
 * <p>Only a job with a callback asks {@link #COMPLETION_CALLBACKS}, so every other job's history
 * (and every history recorded before callbacks existed) is what it was.
 */
final class JobCallbacks {
  /** Version 1: a job with a callback in its memo starts a callback workflow at each end. */
  static final String COMPLETION_CALLBACKS = "completion-callbacks";

  private static final Logger LOG = Workflow.getLogger(JobCallbacks.class);

  private JobCallbacks() {}

  /**
   * Starts the callback for {@code status} if the job has one. {@code n} tells apart the times a
   * job reaches the same status (a job parked, redriven and parked again): the delivery id is
   * {@code <jobId>/<status>/<n>}.
   */
  static void fire(
      JobType type,
      JobRef job,
      JobStatus status,
      int n,
      List<AttemptError> attempts,
      Object result,
      CallbackDocument.CallbackError lastError) {
    String url = Workflow.getMemo(JobMemo.CALLBACK, String.class, String.class);
    if (url == null
        || Workflow.getVersion(COMPLETION_CALLBACKS, Workflow.DEFAULT_VERSION, 1)
            == Workflow.DEFAULT_VERSION) {
      return;
    }
    long now = Workflow.currentTimeMillis();
    var document =
        new CallbackDocument(
            job.jobId(),
            type.wireName(),
            status.name(),
            attempt(status, attempts),
            lastError,
            result,
            createdAt(),
            Instant.ofEpochMilli(now).toString());
    String deliveryId = job.jobId() + "/" + status.name() + "/" + n;
    var memo = new java.util.HashMap<String, Object>();
    String retention = Workflow.getMemo(JobMemo.DEAD_LETTER_RETENTION, String.class, String.class);
    if (retention != null) {
      memo.put(JobMemo.DEAD_LETTER_RETENTION, retention);
    }
    var options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(callbackWorkflowId(job, status, n))
            .setTaskQueue(TaskQueues.CALLBACKS)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setMemo(Map.copyOf(memo))
            .build();
    var callback = Workflow.newChildWorkflowStub(CallbackWorkflow.class, options);
    Async.procedure(callback::deliver, new CallbackRequest(job, url, deliveryId, document));
    try {
      Workflow.getWorkflowExecution(callback).get();
    } catch (ChildWorkflowFailure e) {
      // its id names a callback started already (this end was reached before): that one delivers
      LOG.info("callback {} not started again: {}", deliveryId, e.getMessage());
    }
  }

  /**
   * The callback workflow's id: the job's, with what makes the delivery unique. Its job-id part
   * keeps to the characters of job ids, so a parked callback is addressable in the dead-letter API;
   * a dot, which no job id the API makes holds ({@code ~} names a coalesced email in its group).
   */
  static String callbackWorkflowId(JobRef job, JobStatus status, int n) {
    return job.workflowId() + ".callback-" + status.name().toLowerCase(Locale.ROOT) + "-" + n;
  }

  /** The attempt the job ended on, as far as the fleets reported failed ones. */
  private static Integer attempt(JobStatus status, List<AttemptError> attempts) {
    int last = attempts.isEmpty() ? 0 : attempts.getLast().attempt();
    if (status == JobStatus.SUCCEEDED) {
      return last + 1;
    }
    return last == 0 ? null : last;
  }

  private static String createdAt() {
    String continued = Workflow.getMemo(JobMemo.CREATED_AT, String.class, String.class);
    return continued != null
        ? continued
        : Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis()).toString();
  }
}
