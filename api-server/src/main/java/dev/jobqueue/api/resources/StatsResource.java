package dev.jobqueue.api.resources;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.api.jobs.TemporalDeadline;
import dev.jobqueue.api.jobs.ThroughputStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The caller's throughput and queue depth over a recent window, minute by minute. */
@Path("/v1/stats")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public final class StatsResource {
  private final ThroughputStats stats;
  private final TemporalDeadline deadline;

  public StatsResource(ThroughputStats stats, TemporalDeadline deadline) {
    this.stats = stats;
    this.deadline = deadline;
  }

  @GET
  public ThroughputStats.Document stats(
      @Context SecurityContext security, @QueryParam("window") String window) {
    var duration = ThroughputStats.window(window);
    String tenant = Tenant.of(security);
    return deadline.within(() -> stats.of(tenant, duration));
  }
}
