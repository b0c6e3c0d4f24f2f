package dev.jobqueue.runtime;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves the registry in Prometheus text format. */
final class PrometheusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient PrometheusMeterRegistry registry;

  PrometheusServlet(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
    resp.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
    resp.getWriter().write(registry.scrape());
  }
}
