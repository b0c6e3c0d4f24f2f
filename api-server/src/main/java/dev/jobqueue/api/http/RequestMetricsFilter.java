package dev.jobqueue.api.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.ArrayList;
import java.util.Collections;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * API request latency by method, route template and status. The route is the matched template
 * ({@code /v1/jobs/{jobId}}), never the raw path, so that job ids do not explode the series.
 */
@PreMatching
@Priority(0) // first in, last out: the timer covers authentication and rate limiting too
public final class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  public static final String METRIC = "jobqueue.api.requests";
  private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

  private final MeterRegistry registry;

  public RequestMetricsFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, Timer.start(registry));
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(STARTED) instanceof Timer.Sample sample) {
      sample.stop(
          Timer.builder(METRIC)
              .description("API requests by method, route and status")
              .tag("method", request.getMethod())
              .tag("route", route(request))
              .tag("status", Integer.toString(response.getStatus()))
              .publishPercentileHistogram()
              .register(registry));
    }
  }

  private static String route(ContainerRequestContext request) {
    if (!(request instanceof ContainerRequest jersey)) {
      return "unknown";
    }
    var templates = new ArrayList<>(jersey.getUriInfo().getMatchedTemplates());
    if (templates.isEmpty()) {
      return "unmatched";
    }
    Collections.reverse(templates);
    var route = new StringBuilder();
    for (UriTemplate template : templates) {
      String t = template.getTemplate();
      if (!t.isEmpty() && !t.equals("/")) {
        route.append(t.startsWith("/") ? t : "/" + t);
      }
    }
    return route.isEmpty() ? "/" : route.toString();
  }
}
