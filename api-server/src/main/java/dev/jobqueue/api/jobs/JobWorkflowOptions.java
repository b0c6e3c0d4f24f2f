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
import java.time.Instant;
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

  /**
   * How far past a job's deadline and its dead letter's retention Temporal ends the workflow on its
   * own: a backstop for a workflow that cannot run its own timer, never how a deadline ends a job.
   */
  static final Duration BACKSTOP_MARGIN = Duration.ofDays(7);

  static WorkflowOptions of(
      JobRef ref,
      Submission submission,
      Instant now,
      Duration delay,
      Duration deadLetterRetention,
      float fairnessWeight) {
    JobStatus initial = delay == null ? JobStatus.QUEUED : JobStatus.SCHEDULED;
    Map<String, Object> memo = new HashMap<>();
    memo.put(JobMemo.REQUEST_HASH, submission.requestHash());
    // how long the job's own workflow keeps it as a dead letter, should it become one
    memo.put(JobMemo.DEAD_LETTER_RETENTION, deadLetterRetention.toString());
    memo.put(JobMemo.STATUS_FROM_EXECUTION, true);
    if (submission.deadline() != null) {
      Instant due = delay == null ? now : now.plus(delay);
      memo.put(JobMemo.DEADLINE_AT, due.plus(submission.deadline()).toString());
      memo.put(JobMemo.DEADLINE, submission.deadline().toString());
    }
    if (submission.callback() != null) {
      memo.put(JobMemo.CALLBACK, submission.callback());
    }
    if (submission.input() instanceof BatchInput batch) {
      memo.put(JobMemo.WORK, (long) batch.items().size());
      // which of the batches staged under the job's id is its own
      memo.put(JobMemo.BATCH_CONTENT, BatchStaging.nameOf(ref, submission).contentHash());
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
      // the workflow keeps the deadline itself (it counts from when the job is due): once it
      // passes, the work is cancelled and compensated and the job parked as a dead letter; the
      // execution timeout only ends a workflow that could not, well after its dead letter expired
      Duration untilDue = delay == null ? Duration.ZERO : delay;
      options.setWorkflowExecutionTimeout(
          untilDue.plus(submission.deadline()).plus(deadLetterRetention).plus(BACKSTOP_MARGIN));
    }
    return options.build();
  }
}
