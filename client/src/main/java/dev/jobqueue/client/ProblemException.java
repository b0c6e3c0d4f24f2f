package dev.jobqueue.client;

import java.time.Duration;
import java.util.Optional;

/**
 * The API answered with an error: its RFC 9457 problem, and how many times the client sent the
 * request before giving up (more than one only for 429 and 503, which it retries).
 */
public final class ProblemException extends JobqueueException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;
  private final transient Duration retryAfter;
  private final int attempts;

  ProblemException(String request, Problem problem, Duration retryAfter, int attempts) {
    super(
        request
            + " answered "
            + problem.status()
            + " "
            + problem.title()
            + (problem.detail() == null ? "" : ": " + problem.detail()));
    this.problem = problem;
    this.retryAfter = retryAfter;
    this.attempts = attempts;
  }

  public Problem problem() {
    return problem;
  }

  public int status() {
    return problem.status();
  }

  /** The last answer's {@code Retry-After}, if it had one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public int attempts() {
    return attempts;
  }

  /** A 429 or 503: the API or Temporal pushing back, not a verdict on the request. */
  public boolean pushback() {
    return RetryPolicy.retryable(status());
  }
}
