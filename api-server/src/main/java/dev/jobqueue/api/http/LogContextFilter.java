package dev.jobqueue.api.http;

import dev.jobqueue.api.auth.Authenticated;
import dev.jobqueue.api.auth.Tenant;
import dev.jobqueue.runtime.JobLogContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import org.slf4j.MDC;

/**
 * Names the tenant and, on {@code /v1/jobs/{jobId}...} and {@code /v1/dead-letters/{jobId}...}, the
 * job in the logging context of an authenticated request, right after its key is checked; a
 * submission adds the job id it chooses. Cleared when the response is written: Jetty's threads
 * serve one request after another.
 */
@Authenticated
@Priority(Priorities.AUTHENTICATION + 1)
public final class LogContextFilter implements ContainerRequestFilter, ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    JobLogContext.clear();
    MDC.put(JobLogContext.TENANT, Tenant.of(request.getSecurityContext()));
    String jobId = request.getUriInfo().getPathParameters().getFirst("jobId");
    if (jobId != null) {
      MDC.put(JobLogContext.JOB_ID, jobId);
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    JobLogContext.clear();
  }
}
