package dev.jobqueue.email;

import dev.jobqueue.TaskQueues;
import dev.jobqueue.job.GivenUp;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobPriority;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A coalesced email given up on becomes a dead letter of its own: a job workflow {@code
 * <tenant>/<jobId>} that starts parked with the group's failure and attempts, and from there is
 * listed, redriven (with an edited payload too), discarded or expired like any other dead letter.
 * The group only starts it; it lives on after the group ends.
 */
final class ParkedEmails {
  private static final Logger LOG = Workflow.getLogger(ParkedEmails.class);

  private ParkedEmails() {}

  static void park(EmailGroup group, GroupSlot slot) {
    var job = new JobRef(slot.email.jobId(), group.tenant());
    var parked = Workflow.newChildWorkflowStub(EmailWorkflow.class, options(group, slot, job));
    var input =
        new EmailJob(
            job,
            slot.email.message(),
            group.retry(),
            new GivenUp(slot.errorType, slot.error, slot.attempts));
    Async.function(parked::send, input);
    try {
      // once it exists the dead letter is its own; the group need not wait for its end
      Workflow.getWorkflowExecution(parked).get();
    } catch (ChildWorkflowFailure e) {
      LOG.warn("{}: dead letter already exists: {}", job.workflowId(), e.getMessage());
    }
  }

  private static ChildWorkflowOptions options(EmailGroup group, GroupSlot slot, JobRef job) {
    Map<String, Object> memo = new HashMap<>();
    memo.put(JobMemo.REQUEST_HASH, slot.email.requestHash());
    memo.put(JobMemo.DEAD_LETTER_RETENTION, group.deadLetterRetention().toString());
    memo.put(JobMemo.STATUS_FROM_EXECUTION, true);
    var request = new LinkedHashMap<String, Object>();
    request.put("type", JobType.EMAIL.wireName());
    request.put("payload", slot.email.message());
    request.put("priority", group.priority());
    memo.put(JobMemo.REQUEST, request);
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(job.workflowId())
        .setTaskQueue(TaskQueues.EMAIL)
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        // a keyed email's id is held by its (closed) key reservation: the dead letter is its next
        // run
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(JobSearchAttributes.JOB_TYPE, JobType.EMAIL.wireName())
                .set(JobSearchAttributes.TENANT, group.tenant())
                .set(JobSearchAttributes.JOB_STATUS, JobStatus.RUNNING.name())
                .build())
        .setMemo(memo)
        .setPriority(JobPriority.of(group.priority(), group.tenant(), group.fairnessWeight()))
        .build();
  }
}
