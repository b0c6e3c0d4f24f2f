package dev.jobqueue.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.jobs.JobIds;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.api.schedules.ScheduleDocument;
import dev.jobqueue.api.schedules.ScheduleListQuery;
import dev.jobqueue.api.schedules.SchedulePage;
import dev.jobqueue.api.schedules.ScheduleRules;
import dev.jobqueue.api.schedules.TenantSchedules;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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

/** The caller's recurring jobs: create, look at, list, pause and resume, fire now, delete. */
@Path("/v1/schedules")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class SchedulesResource {
  private final ScheduleRules rules;
  private final TenantSchedules schedules;
  private final JobIds ids;
  private final TemporalDeadline deadline;

  public SchedulesResource(
      ScheduleRules rules, TenantSchedules schedules, JobIds ids, TemporalDeadline deadline) {
    this.rules = rules;
    this.schedules = schedules;
    this.ids = ids;
    this.deadline = deadline;
  }

  /**
   * 201 and the new schedule; 200 and the existing one when the same request (by its {@code id}, or
   * without one by its Idempotency-Key) already created it.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @Context SecurityContext security,
      @HeaderParam(JobIds.IDEMPOTENCY_KEY) String idempotencyKey,
      JsonNode body) {
    String tenant = Tenant.of(security);
    var request = rules.check(tenant, body);
    boolean keyed = request.id() == null && idempotencyKey != null;
    if (request.id() == null) {
      request = request.withId(keyed ? JobIds.forKey(tenant, idempotencyKey) : ids.random());
    }
    var checked = request;
    var created = deadline.within(() -> schedules.create(tenant, checked, keyed));
    return Response.status(created.created() ? Response.Status.CREATED : Response.Status.OK)
        .location(URI.create(created.schedule().links().self()))
        .entity(created.schedule())
        .build();
  }

  @GET
  public SchedulePage list(
      @Context SecurityContext security,
      @QueryParam("pageSize") String pageSize,
      @QueryParam("pageToken") String pageToken) {
    var query = ScheduleListQuery.parse(Tenant.of(security), pageSize, pageToken);
    return deadline.within(() -> schedules.list(query));
  }

  @GET
  @Path("{id}")
  public ScheduleDocument read(@Context SecurityContext security, @PathParam("id") String id) {
    String tenant = Tenant.of(security);
    return deadline.within(() -> schedules.read(tenant, id));
  }

  /** Pause or resume: {@code {"paused": true|false, "note": "..."}}; 200 and the schedule. */
  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public ScheduleDocument change(
      @Context SecurityContext security, @PathParam("id") String id, JsonNode body) {
    String tenant = Tenant.of(security);
    var change = rules.change(body);
    return deadline.within(() -> schedules.change(tenant, id, change));
  }

  /** 202: fired now; the firing shows among its recent actions, its job a moment later. */
  @POST
  @Path("{id}/trigger")
  public Response trigger(@Context SecurityContext security, @PathParam("id") String id) {
    String tenant = Tenant.of(security);
    deadline.within(
        () -> {
          schedules.trigger(tenant, id);
          return null;
        });
    return Response.accepted().build();
  }

  /** 204: deleted; the jobs it started are not touched. */
  @DELETE
  @Path("{id}")
  public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
    String tenant = Tenant.of(security);
    deadline.within(
        () -> {
          schedules.delete(tenant, id);
          return null;
        });
    return Response.noContent().build();
  }
}
