package dev.jobqueue.api.auth;

import dev.jobqueue.api.errors.ApiProblem;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** {@code Authorization: Bearer <key>} to the tenant the key belongs to, or 401. */
@Authenticated
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter {
  private static final String SCHEME = "Bearer";
  private static final String CHALLENGE = SCHEME + " realm=\"jobqueue\"";

  private final ApiKeys keys;

  public ApiKeyFilter(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw ApiProblem.unauthorized("send an API key as Authorization: Bearer <key>", CHALLENGE);
    }
    String[] parts = header.strip().split(" +", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase(SCHEME)) {
      throw ApiProblem.unauthorized(
          "send an API key as Authorization: Bearer <key> (no other scheme)", CHALLENGE);
    }
    String tenant =
        keys.tenantOf(parts[1])
            .orElseThrow(
                () ->
                    ApiProblem.unauthorized(
                        "the API key is not valid", CHALLENGE + ", error=\"invalid_token\""));
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new TenantContext(new Tenant(tenant), secure));
  }

  private record TenantContext(Tenant tenant, boolean secure) implements SecurityContext {
    @Override
    public Principal getUserPrincipal() {
      return tenant;
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }

    @Override
    public boolean isSecure() {
      return secure;
    }

    @Override
    public String getAuthenticationScheme() {
      return SCHEME;
    }
  }
}
