package dev.jobqueue.api.errors;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;

/**
 * How Temporal pushing back becomes HTTP. A job the API could not start is never acknowledged: the
 * client gets a 429 or 503 and retries, safely if it sent an {@code Idempotency-Key}.
 */
final class TemporalProblems {
  /** An overloaded server sheds load for a moment; a short wait is enough. */
  static final long OVERLOADED_RETRY_AFTER_SECONDS = 1;

  /** An unreachable server is usually restarting or failing over. */
  static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

  private static final String OVERLOADED = "temporal-overloaded";
  private static final String UNAVAILABLE = "temporal-unavailable";

  private TemporalProblems() {}

  /** True for the problem types Temporal pushing back is answered with. */
  static boolean isPushback(String type) {
    return type.equals(ApiProblem.TYPE_PREFIX + OVERLOADED)
        || type.equals(ApiProblem.TYPE_PREFIX + UNAVAILABLE);
  }

  static Optional<ApiProblem> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException) {
        // the SDK's word for a workflow that is gone or was never there
        return Optional.of(
            ApiProblem.of(404, "job-not-found", "No such job", "there is no such job"));
      }
      if (t instanceof StatusRuntimeException grpc) {
        return of(grpc.getStatus().getCode());
      }
    }
    return Optional.empty();
  }

  private static Optional<ApiProblem> of(Status.Code code) {
    return switch (code) {
      case RESOURCE_EXHAUSTED ->
          Optional.of(
              ApiProblem.retryLater(
                  429,
                  OVERLOADED,
                  "Too many requests",
                  "Temporal is shedding load; nothing was started or changed. Retry later.",
                  OVERLOADED_RETRY_AFTER_SECONDS));
      case UNAVAILABLE, DEADLINE_EXCEEDED ->
          Optional.of(
              ApiProblem.retryLater(
                  503,
                  UNAVAILABLE,
                  "Service unavailable",
                  "Temporal did not answer in time; the request may not have taken effect."
                      + " Retry later (with the same Idempotency-Key when starting a job).",
                  UNAVAILABLE_RETRY_AFTER_SECONDS));
      default -> Optional.empty();
    };
  }
}
