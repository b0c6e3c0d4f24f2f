package dev.jobqueue.runtime;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.util.concurrent.TimeUnit;

/**
 * Healthy while the Temporal frontend answers within two seconds. A TLS handshake the server
 * refuses (no client certificate, an untrusted one) shows as the cause of the failure.
 */
public final class TemporalHealthCheck extends HealthCheck {
  private final TemporalConnection temporal;

  public TemporalHealthCheck(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  @Override
  protected Result check() {
    var settings = temporal.settings();
    try {
      var info =
          temporal
              .stubs()
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Result.healthy(
          "Temporal %s at %s (%s)",
          info.getServerVersion(), settings.target(), settings.security());
    } catch (RuntimeException e) {
      return Result.unhealthy(
          "Temporal at %s (%s) does not answer (%s); is the server running, and does it take"
              + " this connection's TLS settings and credentials?",
          settings.target(), settings.security(), describe(e));
    }
  }

  /** gRPC's status, and the cause under it: for TLS, the handshake's own reason. */
  private static String describe(RuntimeException e) {
    String text = e.getMessage();
    Throwable cause = e.getCause();
    while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())) {
      text += ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
    return text;
  }
}
