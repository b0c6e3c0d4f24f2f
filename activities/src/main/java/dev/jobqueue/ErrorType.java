package dev.jobqueue;

/**
 * Why an activity failed. Each name is used verbatim as the {@code ApplicationFailure} type, as the
 * {@code ErrorType} search attribute and as {@code lastError.type} in the API, so renaming one is a
 * breaking change.
 */
public enum ErrorType {
  /** The relay answered 4xx: try again later. */
  SmtpTransient(true),
  /** The relay could not be reached or dropped the connection. */
  SmtpUnavailable(true),
  /**
   * The attempt had too little of its start-to-close timeout left to start an SMTP transaction, so
   * it did not touch the relay: a fresh attempt sends instead of racing its own timeout.
   */
  TooLittleTimeLeft(true),
  /** The relay answered 5xx for every recipient. */
  SmtpRejected(false),
  /** The message itself is malformed (an address, a header); no retry can fix it. */
  InvalidMessage(false),
  /** The report's data cannot be rendered; no retry can fix it. */
  InvalidReportData(false),
  /** The report store could not be written; disks fill and mounts come back, so retry. */
  ReportStoreUnavailable(true),
  /** A batch's staged items could not be read or its outcomes written; retry. */
  BatchStoreUnavailable(true),
  /** A batch finished, but the relay refused some of its recipients for good. */
  RecipientsRejected(false),
  /**
   * The job's {@code deadline} passed before it succeeded: its work was cancelled and compensated.
   * A redrive gives it the same deadline again, from the redrive.
   */
  DeadlineExceeded(false),
  /** A callback's receiver did not answer 2xx (or could not be reached): try again later. */
  CallbackRejected(true),
  /**
   * A callback's URL leads where callbacks may not go (a private, loopback or metadata address), or
   * its tenant has no callback secret: no retry can fix it.
   */
  CallbackForbidden(false),
  /**
   * A job's callback was not accepted within its retry budget: the callback is parked as a dead
   * letter of its own, which a redrive delivers again (the job itself is not run again).
   */
  CallbackFailed(false);

  private final boolean retryable;

  ErrorType(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The names of the types that must never be retried, for {@code RetryOptions.setDoNotRetry}. */
  public static String[] nonRetryable() {
    return java.util.Arrays.stream(values())
        .filter(t -> !t.retryable)
        .map(Enum::name)
        .toArray(String[]::new);
  }
}
