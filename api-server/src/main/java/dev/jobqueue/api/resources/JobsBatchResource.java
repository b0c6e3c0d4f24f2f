package dev.jobqueue.api.resources;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.jobsbatch.JobsBatch;
import dev.jobqueue.api.jobsbatch.JobsBatchReader;
import dev.jobqueue.api.jobsbatch.JobsBatchResults;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;

/**
 * Starts up to 1,000 independent jobs in one request, so that a client with many at hand does not
 * pay a round trip for each. One request to the rate limiter, however many jobs it carries.
 */
@Path("/v1/jobs:batch")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class JobsBatchResource {
  private final JobsBatchReader reader;
  private final JobsBatch batch;

  public JobsBatchResource(JobsBatchReader reader, JobsBatch batch) {
    this.reader = reader;
    this.batch = batch;
  }

  /**
   * 200 with each job's answer in request order (202, 200, or its problem); 400 or 413 for a body
   * that is refused as a whole, and then no job is started.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public JobsBatchResults submit(@Context SecurityContext security, InputStream body)
      throws IOException {
    String tenant = Tenant.of(security);
    return batch.submit(tenant, reader.read(body));
  }
}
