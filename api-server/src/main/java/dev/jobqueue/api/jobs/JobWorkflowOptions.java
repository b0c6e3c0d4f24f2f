package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobPriority;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a job's workflow is started: on its type's task queue, under an id that can be started only
 * once, findable by type, tenant and status from the first moment, with the tenant as fairness key,
 * and with what a dead letter needs later kept in the memo.
 */
final class JobWorkflowOptions {
  /** Above this the canonical request stays out of the memo; the hash is always kept. */
  static final int MAX_MEMO_REQUEST_BYTES = 64 * 1024;

  private JobWorkflowOptions() {}

  static WorkflowOptions of(
      JobRef ref,
      Submission submission,
      Duration delay,
      Duration deadLetterRetention,
      float fairnessWeight) {
    JobStatus initial = delay == null ? JobStatus.QUEUED : JobStatus.SCHEDULED;
    Map<String, Object> memo = new HashMap<>();
    memo.put(JobMemo.REQUEST_HASH, submission.requestHash());
    // how long the job's own workflow keeps it as a dead letter, should it become one
    memo.put(JobMemo.DEAD_LETTER_RETENTION, deadLetterRetention.toString());
    memo.put(JobMemo.STATUS_FROM_EXECUTION, true);
    if (submission.input() instanceof BatchInput batch) {
      memo.put(JobMemo.WORK, (long) batch.items().size());
    }
    if (submission.canonical().toString().getBytes(StandardCharsets.UTF_8).length
        <= MAX_MEMO_REQUEST_BYTES) {
      memo.put(JobMemo.REQUEST, submission.canonical());
    }
    var options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(ref.workflowId())
            .setTaskQueue(submission.type().taskQueue())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(JobSearchAttributes.JOB_TYPE, submission.type().wireName())
                    .set(JobSearchAttributes.TENANT, ref.tenant())
                    .set(JobSearchAttributes.JOB_STATUS, initial.name())
                    .build())
            .setMemo(memo)
            .setPriority(JobPriority.of(submission.priority(), ref.tenant(), fairnessWeight));
    if (delay != null) {
      options.setStartDelay(delay);
    }
    if (submission.deadline() != null) {
      // the deadline counts from when the job is due, and Temporal's clock starts at the start
      options.setWorkflowExecutionTimeout(
          delay == null ? submission.deadline() : submission.deadline().plus(delay));
    }
    return options.build();
  }
}
