package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.email.CancelJob;
import dev.jobqueue.email.EmailGroupWorkflow;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Asks a job's workflow to cancel. The workflow decides how: it stops the running attempt, runs its
 * compensation, and ends CANCELLED; until a worker does that the job keeps its status, with {@code
 * cancelRequested} set.
 */
public final class JobCanceller {
  private static final Set<JobStatus> CANCELLABLE =
      EnumSet.of(JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING);

  private final WorkflowClient client;
  private final JobStatusReader reader;

  public JobCanceller(WorkflowClient client, JobStatusReader reader) {
    this.client = client;
    this.reader = reader;
  }

  /** The job's document as of the request, or 409 if it has already ended. */
  public JobStatusDocument cancel(JobRef ref) {
    if (reader.resolve(ref) instanceof GroupedJobs.GroupedJob grouped) {
      return cancelInGroup(grouped);
    }
    var job = reader.describe(ref);
    var document = reader.document(job);
    if (!job.isOpen() || !CANCELLABLE.contains(document.status())) {
      throw finished(ref, document.status());
    }
    try {
      client.newUntypedWorkflowStub(ref.workflowId()).cancel();
    } catch (WorkflowNotFoundException e) {
      // it ended between our look and the cancel
      throw finished(ref, reader.document(reader.describe(ref)).status());
    }
    return document.withCancelRequested();
  }

  /** A coalesced job is cancelled alone: its group skips it unless it is on the wire. */
  private JobStatusDocument cancelInGroup(GroupedJobs.GroupedJob job) {
    var document = reader.read(job.ref());
    if (!CANCELLABLE.contains(document.status())) {
      throw finished(job.ref(), document.status());
    }
    try {
      client
          .newWorkflowStub(EmailGroupWorkflow.class, job.groupWorkflowId())
          .cancel(new CancelJob(job.ref().jobId()));
    } catch (WorkflowNotFoundException e) {
      throw finished(job.ref(), reader.read(job.ref()).status());
    }
    return document.withCancelRequested();
  }

  private static ApiProblem finished(JobRef ref, JobStatus status) {
    return ApiProblem.of(
        409,
        "job-finished",
        "The job can no longer be cancelled",
        "job "
            + ref.jobId()
            + " is "
            + status
            + "; only a SCHEDULED, QUEUED, RUNNING or RETRYING"
            + " job can be cancelled (a dead letter is discarded through /v1/dead-letters)");
  }
}
