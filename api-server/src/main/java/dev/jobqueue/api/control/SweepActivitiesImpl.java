package dev.jobqueue.api.control;

import dev.jobqueue.api.jobs.ReportFiles;
import dev.jobqueue.batch.BatchName;
import dev.jobqueue.job.JobMemo;
import dev.jobqueue.job.JobSearchAttributes;
import dev.jobqueue.job.JobStatus;
import dev.jobqueue.retention.SweepActivities;
import dev.jobqueue.retention.SweepRequest;
import dev.jobqueue.retention.SweepResult;
import dev.jobqueue.store.BatchStore;
import dev.jobqueue.store.StagedBatch;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep on the files: the batch store (through {@link BatchStore#stagedBatches()}, which alone
 * knows its layout) and the report store (through {@link ReportFiles#removeExpired}, a directory or
 * an object store).
 */
public final class SweepActivitiesImpl implements SweepActivities {
  private static final Logger LOG = LoggerFactory.getLogger(SweepActivitiesImpl.class);

  private final BatchStore batches;
  private final ReportFiles reports;
  private final RetentionSweep decisions;

  public SweepActivitiesImpl(BatchStore batches, ReportFiles reports, RetentionSweep decisions) {
    this.batches = batches;
    this.reports = reports;
    this.decisions = decisions;
  }

  /**
   * The state of the job that reads {@code batch}, as Temporal describes it: {@link
   * JobState#UNKNOWN} if there is no such job, or if its memo names another of its id's batches.
   */
  public static JobState lookup(WorkflowClient client, BatchName batch) {
    try {
      var description = client.newUntypedWorkflowStub(batch.job().workflowId()).describe();
      // a job started before batches were named by content has no hash, and reads the unhashed
      if (!Objects.equals(
          batch.contentHash(), description.getMemo(JobMemo.BATCH_CONTENT, String.class))) {
        return JobState.UNKNOWN;
      }
      if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        return JobState.OPEN;
      }
      String status = description.getTypedSearchAttributes().get(JobSearchAttributes.JOB_STATUS);
      return JobStatus.DISCARDED.name().equals(status) ? JobState.DISCARDED : JobState.ENDED;
    } catch (WorkflowNotFoundException e) {
      return JobState.UNKNOWN;
    }
  }

  @Override
  public SweepResult sweep(SweepRequest request) {
    try {
      int removedBatches = 0;
      for (StagedBatch batch : decisions.batchesToRemove(batches.stagedBatches())) {
        batches.delete(batch.name());
        removedBatches++;
      }
      int removedReports = reports.removeExpired(decisions::reportExpired);
      LOG.info(
          "retention sweep: removed {} staged batches and {} reports",
          removedBatches,
          removedReports);
      return new SweepResult(removedBatches, removedReports);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the activity's retry, then the next scheduled run
    }
  }
}
