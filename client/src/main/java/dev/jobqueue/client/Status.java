package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** A job's status; {@link #UNKNOWN} for one this client is too old to know. */
public enum Status {
  SCHEDULED,
  QUEUED,
  RUNNING,
  RETRYING,
  SUCCEEDED,
  CANCELLED,
  DEAD_LETTERED,
  DISCARDED,
  @JsonEnumDefaultValue
  UNKNOWN;

  /**
   * No change comes by itself any more. A dead letter can still be redriven (or discarded), but
   * only by someone asking.
   */
  public boolean terminal() {
    return this == SUCCEEDED || this == CANCELLED || this == DEAD_LETTERED || this == DISCARDED;
  }
}
