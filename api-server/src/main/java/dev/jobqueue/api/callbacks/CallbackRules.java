package dev.jobqueue.api.callbacks;

import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.callback.CallbackPolicy;

/** A job request's {@code callback}, checked when the job is submitted. */
public final class CallbackRules {
  private final CallbackConfig config;
  private final CallbackPolicy.Resolver resolver;

  public CallbackRules(CallbackConfig config, CallbackPolicy.Resolver resolver) {
    this.config = config;
    this.resolver = resolver;
  }

  /** With the JVM's resolver. */
  public CallbackRules(CallbackConfig config) {
    this(config, CallbackPolicy.Resolver.SYSTEM);
  }

  /** The callback, or null (absent, or a violation added under {@code callback}). */
  public String check(String tenant, String url, Violations v) {
    if (url == null) {
      return null;
    }
    if (config.secretOf(tenant) == null) {
      v.add(
          "callback",
          "callbacks are not enabled for this tenant: it has no signing secret configured"
              + " (callbacks.secrets)");
      return null;
    }
    String problem = config.policy().problem(url, resolver);
    if (problem != null) {
      v.add("callback", problem);
      return null;
    }
    return url;
  }
}
