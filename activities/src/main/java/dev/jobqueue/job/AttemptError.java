package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One failed attempt of a job's activity, as the worker saw it. Temporal keeps only an activity's
 * last failure, so the fleets report every attempt to the job's workflow; a dead letter lists them.
 *
 * @param attempt 1-based attempt number
 * @param type the error type ({@code ErrorType} name, or the exception's class for a bug)
 * @param failedAt ISO-8601 instant
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttemptError(
    int attempt, String type, String message, boolean retryable, String failedAt) {
  /** Longest message kept: dead letters live in the workflow's memo, which has a size limit. */
  public static final int MAX_MESSAGE = 1_000;

  public AttemptError {
    if (message != null && message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "…";
    }
  }
}
