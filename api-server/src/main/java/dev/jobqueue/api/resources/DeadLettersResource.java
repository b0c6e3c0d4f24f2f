package dev.jobqueue.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.deadletters.BulkRedrive;
import dev.jobqueue.api.deadletters.BulkRedriveRequest;
import dev.jobqueue.api.deadletters.BulkRedriveStatus;
import dev.jobqueue.api.deadletters.DeadLetterActions;
import dev.jobqueue.api.deadletters.DeadLetterListQuery;
import dev.jobqueue.api.deadletters.DeadLetterLister;
import dev.jobqueue.api.deadletters.DeadLetterPage;
import dev.jobqueue.api.deadletters.DiscardRequest;
import dev.jobqueue.api.deadletters.RedriveRequest;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.job.JobRef;
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
import java.net.URI;

/** The caller's dead letters: list them, redrive one or many, discard one. */
@Path("/v1/dead-letters")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class DeadLettersResource {
  private final DeadLetterLister lister;
  private final DeadLetterActions actions;
  private final BulkRedrive bulk;
  private final TemporalDeadline deadline;

  public DeadLettersResource(
      DeadLetterLister lister,
      DeadLetterActions actions,
      BulkRedrive bulk,
      TemporalDeadline deadline) {
    this.lister = lister;
    this.actions = actions;
    this.bulk = bulk;
    this.deadline = deadline;
  }

  @GET
  public DeadLetterPage list(
      @Context SecurityContext security,
      @QueryParam("type") String type,
      @QueryParam("errorType") String errorType,
      @QueryParam("deadLetteredAfter") String deadLetteredAfter,
      @QueryParam("deadLetteredBefore") String deadLetteredBefore,
      @QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken) {
    var query =
        DeadLetterListQuery.parse(
            Tenant.of(security),
            type,
            errorType,
            deadLetteredAfter,
            deadLetteredBefore,
            pageSize,
            pageToken);
    return deadline.within(() -> lister.list(query));
  }

  /**
   * 202 and the job as of the signal: it may still read DEAD_LETTERED until its worker has taken
   * the redrive.
   */
  @POST
  @Path("{jobId}/redrive")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response redrive(
      @Context SecurityContext security, @PathParam("jobId") String jobId, JsonNode body) {
    var ref = new JobRef(jobId, Tenant.of(security));
    var request = RedriveRequest.of(body);
    var document = deadline.within(() -> actions.redrive(ref, request));
    return Response.accepted(document).build();
  }

  /**
   * 202 and the operation's status document, with its Location: the selection is made now, the
   * signals are sent by a workflow on the control queue. The same Idempotency-Key is the same
   * operation, however often it is asked for.
   */
  @POST
  @Path("redrive")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response redriveAll(
      @Context SecurityContext security,
      @HeaderParam(JobIds.IDEMPOTENCY_KEY) String idempotencyKey,
      JsonNode body) {
    var filter = BulkRedriveRequest.filter(body);
    if (idempotencyKey != null && !JobIds.validKey(idempotencyKey)) {
      throw ApiProblem.invalid(JobIds.IDEMPOTENCY_KEY, JobIds.KEY_RULE);
    }
    BulkRedriveStatus status = bulk.start(Tenant.of(security), filter, idempotencyKey);
    return Response.accepted(status)
        .location(URI.create(BulkRedrive.location(status.id())))
        .build();
  }

  /** 200 and how far the caller's bulk redrive {@code id} has come; another tenant's is 404. */
  @GET
  @Path("redrives/{id}")
  public BulkRedriveStatus redriveStatus(
      @Context SecurityContext security, @PathParam("id") String id) {
    return bulk.status(Tenant.of(security), id);
  }

  /** 204: discard requested; the job ends DISCARDED once its worker has taken the signal. */
  @DELETE
  @Path("{jobId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response discard(
      @Context SecurityContext security,
      @PathParam("jobId") String jobId,
      @QueryParam("reason") String reason,
      JsonNode body) {
    var ref = new JobRef(jobId, Tenant.of(security));
    var request = DiscardRequest.of(reason, body);
    deadline.within(
        () -> {
          actions.discard(ref, request);
          return null;
        });
    return Response.noContent().build();
  }
}
