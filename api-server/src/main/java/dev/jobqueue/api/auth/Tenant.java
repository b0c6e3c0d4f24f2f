package dev.jobqueue.api.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The tenant a request acts for, as {@link ApiKeyFilter} authenticated it. */
public record Tenant(String id) implements Principal {
  @Override
  public String getName() {
    return id;
  }

  /** The caller of an {@link Authenticated} resource. */
  public static String of(SecurityContext security) {
    if (security.getUserPrincipal() instanceof Tenant tenant) {
      return tenant.id();
    }
    throw new IllegalStateException("resource is not @Authenticated: no tenant on the request");
  }
}
