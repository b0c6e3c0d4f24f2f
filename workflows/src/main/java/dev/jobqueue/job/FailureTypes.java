package dev.jobqueue.job;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/** The error type and message a failed activity leaves in a dead letter. */
public final class FailureTypes {
  private FailureTypes() {}

  /** The application failure's type, or which timeout ran out (e.g. {@code TimeoutHeartbeat}). */
  static String of(TemporalFailure failure) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure app) {
      return app.getType();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return timeoutName(timeout.getTimeoutType().name());
    }
    return cause == null ? "Unknown" : cause.getClass().getSimpleName();
  }

  public static String message(TemporalFailure failure) {
    Throwable cause =
        failure instanceof ActivityFailure && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "activity timed out (" + timeout.getTimeoutType().name() + ") after its retry budget";
    }
    return cause.getMessage();
  }

  /**
   * The error type of a timed-out activity, from its {@code TimeoutType} name: {@code
   * TIMEOUT_TYPE_HEARTBEAT} is {@code TimeoutHeartbeat}. The API names timeouts the same way.
   */
  public static String timeoutName(String timeoutType) {
    return "Timeout" + toPascal(timeoutType.replace("TIMEOUT_TYPE_", ""));
  }

  private static String toPascal(String snake) {
    var out = new StringBuilder();
    for (String word : snake.toLowerCase(java.util.Locale.ROOT).split("_")) {
      if (!word.isEmpty()) {
        out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return out.toString();
  }
}
