package dev.jobqueue.api.resources;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.http.BodyLimitFilter;
import dev.jobqueue.api.jobs.JobCanceller;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.JobListQuery;
import dev.jobqueue.api.jobs.JobLister;
import dev.jobqueue.api.jobs.JobPage;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.JobStatusDocument;
import dev.jobqueue.api.jobs.JobStatusReader;
import dev.jobqueue.api.jobs.Submissions;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.job.JobType;
import dev.jobqueue.runtime.JobLogContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.glassfish.jersey.server.ContainerRequest;

/** Start, look at, list and cancel the caller's jobs. */
@Path("/v1/jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class JobsResource {
  private final Submissions submissions;
  private final JobIds ids;
  private final JobStarter starter;
  private final JobStatusReader reader;
  private final JobLister lister;
  private final JobCanceller canceller;
  private final TemporalDeadline deadline;

  public JobsResource(
      Submissions submissions,
      JobIds ids,
      JobStarter starter,
      JobStatusReader reader,
      JobLister lister,
      JobCanceller canceller,
      TemporalDeadline deadline) {
    this.submissions = submissions;
    this.ids = ids;
    this.starter = starter;
    this.reader = reader;
    this.lister = lister;
    this.canceller = canceller;
    this.deadline = deadline;
  }

  /**
   * 202 and the new job; 200 and the existing one when the Idempotency-Key already named it. The
   * body is read as a stream: an {@code email-batch} may carry 100,000 recipients.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(
      @Context SecurityContext security,
      @Context ContainerRequest http,
      @HeaderParam(JobIds.IDEMPOTENCY_KEY) String idempotencyKey,
      InputStream body)
      throws IOException {
    String tenant = Tenant.of(security);
    String jobId = idempotencyKey == null ? ids.random() : JobIds.forKey(tenant, idempotencyKey);
    var ref = new JobRef(jobId, tenant);
    JobLogContext.put(ref);
    var submission = submissions.read(ref, body, BodyLimitFilter.of(http));
    boolean keyed = idempotencyKey != null;
    if (!keyed && submission.type() == JobType.EMAIL_BATCH) {
      // a retry after a 503 whose start did happen must not send 100,000 emails twice: without a
      // key, a batch is keyed by its request (its items are in the batch's input, not its id)
      ref = new JobRef(JobIds.forRequest(tenant, submission.requestHash()), tenant);
      JobLogContext.put(ref);
      keyed = true;
    }
    // the starter bounds its own Temporal calls: a batch is staged between them
    var outcome = starter.submit(ref, submission, keyed);
    var response =
        Response.status(outcome.created() ? Response.Status.ACCEPTED : Response.Status.OK)
            .location(URI.create(outcome.job().links().self()))
            .entity(outcome.job());
    outcome.headers().forEach(response::header);
    return response.build();
  }

  @GET
  public JobPage list(
      @Context SecurityContext security,
      @QueryParam("type") String type,
      @QueryParam("status") String status,
      @QueryParam("createdAfter") String createdAfter,
      @QueryParam("createdBefore") String createdBefore,
      @QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken) {
    var query =
        JobListQuery.parse(
            Tenant.of(security), type, status, createdAfter, createdBefore, pageSize, pageToken);
    return deadline.within(() -> lister.list(query));
  }

  @GET
  @Path("{jobId}")
  public JobStatusDocument status(
      @Context SecurityContext security, @PathParam("jobId") String jobId) {
    var ref = new JobRef(jobId, Tenant.of(security));
    return deadline.within(() -> reader.read(ref));
  }

  /** 202: cancellation requested; the job ends CANCELLED once its worker has stopped it. */
  @DELETE
  @Path("{jobId}")
  public Response cancel(@Context SecurityContext security, @PathParam("jobId") String jobId) {
    var ref = new JobRef(jobId, Tenant.of(security));
    var document = deadline.within(() -> canceller.cancel(ref));
    return Response.accepted(document).build();
  }
}
