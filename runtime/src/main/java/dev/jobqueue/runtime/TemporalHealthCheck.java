package dev.jobqueue.runtime;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.util.concurrent.TimeUnit;

/** Healthy while the Temporal frontend answers within two seconds. */
public final class TemporalHealthCheck extends HealthCheck {
  private final TemporalConnection temporal;

  public TemporalHealthCheck(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  @Override
  protected Result check() {
    try {
      var info =
          temporal
              .stubs()
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Result.healthy(
          "Temporal %s at %s", info.getServerVersion(), temporal.config().target());
    } catch (RuntimeException e) {
      return Result.unhealthy(
          "Temporal at %s does not answer (%s); is the server running?",
          temporal.config().target(), e.getMessage());
    }
  }
}
