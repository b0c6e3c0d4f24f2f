package dev.jobqueue.api.resources;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.BatchItemPage;
import dev.jobqueue.api.jobs.BatchItemQuery;
import dev.jobqueue.api.jobs.BatchOutcomes;
import dev.jobqueue.api.jobs.JobStatusReader;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The per-item outcomes of an {@code email-batch} job, a page at a time, read from the batch store.
 * Any other job has no items: 404, like a job that is not the caller's.
 */
@Path("/v1/jobs/{jobId}/items")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class JobItemsResource {
  private final JobStatusReader reader;
  private final BatchOutcomes outcomes;
  private final TemporalDeadline deadline;

  public JobItemsResource(
      JobStatusReader reader, BatchOutcomes outcomes, TemporalDeadline deadline) {
    this.reader = reader;
    this.outcomes = outcomes;
    this.deadline = deadline;
  }

  @GET
  public BatchItemPage items(
      @Context SecurityContext security,
      @PathParam("jobId") String jobId,
      @QueryParam("status") String status,
      @QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken) {
    var ref = new JobRef(jobId, Tenant.of(security));
    var query = BatchItemQuery.parse(ref, status, pageSize, pageToken);
    var job = deadline.within(() -> reader.describe(ref));
    if (job.type() != JobType.EMAIL_BATCH) {
      throw ApiProblem.of(
          404,
          "job-has-no-items",
          "The job has no items",
          "job "
              + jobId
              + " is a "
              + job.type().wireName()
              + " job; only email-batch jobs have items");
    }
    return outcomes.page(query, job.batch());
  }
}
