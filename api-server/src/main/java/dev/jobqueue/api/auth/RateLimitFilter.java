package dev.jobqueue.api.auth;

import dev.jobqueue.api.errors.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/** Answers 429 with {@code Retry-After} once a tenant has spent its request budget. */
@Authenticated
@Priority(Priorities.AUTHORIZATION)
public final class RateLimitFilter implements ContainerRequestFilter {
  private final RateLimiter limiter;

  public RateLimitFilter(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String tenant = Tenant.of(request.getSecurityContext());
    var taken = limiter.take(tenant);
    if (!taken.granted()) {
      throw ApiProblem.retryLater(
              429,
              "rate-limited",
              "Too many requests",
              "this tenant's request rate limit is spent; retry after "
                  + taken.waitSeconds()
                  + " s",
              taken.waitSeconds())
          .withHeaders(limiter.headers(taken));
    }
  }
}
