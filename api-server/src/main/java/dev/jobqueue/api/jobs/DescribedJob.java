package dev.jobqueue.api.jobs;

import dev.jobqueue.batch.BatchName;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.job.JobType;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Instant;

/** A job's workflow as Temporal described it, already known to belong to the caller. */
public record DescribedJob(JobRef ref, JobType type, WorkflowExecutionDescription description)
    implements FoundJob {
  public String requestHash() {
    return (String) description.getMemo(JobMemo.REQUEST_HASH, String.class);
  }

  /**
   * Where an {@code email-batch}'s batch is in the batch store: under the hash its memo names, or
   * under the job's stem alone if it was started before batches were named by content.
   */
  public BatchName batch() {
    return new BatchName(ref, (String) description.getMemo(JobMemo.BATCH_CONTENT, String.class));
  }

  /** When the job was created, across the runs its workflow continued as. */
  public Instant createdAt() {
    return StatusRules.createdAt(
        StatusRules.startTime(description.getWorkflowExecutionInfo()),
        (String) description.getMemo(JobMemo.CREATED_AT, String.class));
  }

  /** Still running (or paused): it has no close time yet. */
  public boolean isOpen() {
    return !description.getWorkflowExecutionInfo().hasCloseTime();
  }

  /** The status the workflow itself last recorded; null if none yet. */
  public JobStatus recorded() {
    return StatusRules.recorded(
        description.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS));
  }

  /** The job's activity while one is scheduled or running; null otherwise. */
  public PendingActivityInfo pending() {
    var raw = description.getRawDescription();
    return raw.getPendingActivitiesCount() == 0 ? null : raw.getPendingActivities(0);
  }

  public JobStatus status(Instant now) {
    var info = description.getWorkflowExecutionInfo();
    return isOpen()
        ? StatusRules.open(
            recorded(),
            StatusRules.startTime(info),
            StatusRules.executionTime(info),
            pending(),
            now)
        : StatusRules.closed(info.getStatus(), recorded());
  }
}
