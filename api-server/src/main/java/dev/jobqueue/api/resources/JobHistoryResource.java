package dev.jobqueue.api.resources;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.jobs.JobHistory;
import dev.jobqueue.api.jobs.JobHistoryReader;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobRef;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * What happened to one of the caller's jobs, read from its workflow's history: every attempt with
 * its error, every status it moved to. Another tenant's job is a 404, as for its status.
 */
@Path("/v1/jobs/{jobId}/history")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class JobHistoryResource {
  private final JobHistoryReader history;
  private final TemporalDeadline deadline;

  public JobHistoryResource(JobHistoryReader history, TemporalDeadline deadline) {
    this.history = history;
    this.deadline = deadline;
  }

  @GET
  public JobHistory history(@Context SecurityContext security, @PathParam("jobId") String jobId) {
    var ref = new JobRef(jobId, Tenant.of(security));
    return deadline.within(() -> history.read(ref));
  }
}
