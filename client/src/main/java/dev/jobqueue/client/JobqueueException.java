package dev.jobqueue.client;

/**
 * The client could not get an answer: the connection failed, the request timed out, the thread was
 * interrupted (its interrupt flag set again), or the answer could not be read. An answer that is an
 * error is a {@link ProblemException}.
 */
public class JobqueueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JobqueueException(String message, Throwable cause) {
    super(message, cause);
  }

  public JobqueueException(String message) {
    super(message);
  }
}
