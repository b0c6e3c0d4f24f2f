package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.job.JobType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to start a job that passed every check that does not depend on the time.
 *
 * @param input the job's workflow input: an {@code EmailJob} or a {@code ReportJob}, or for an
 *     {@code email-batch} the {@link BatchInput} that is staged before its workflow input exists
 * @param runAt when the job is due; null for now
 * @param deadline how long it may take once due; null for no limit
 * @param requestHash SHA-256 of {@link #canonical}: what an Idempotency-Key replay must match
 * @param canonical the request with defaults applied and field order fixed
 * @param callback where the job's terminal status is POSTed; null for none
 */
public record Submission(
    JobType type,
    Object input,
    int priority,
    Instant runAt,
    Duration deadline,
    String requestHash,
    JsonNode canonical,
    String callback) {
  /** A submission without a callback. */
  public Submission(
      JobType type,
      Object input,
      int priority,
      Instant runAt,
      Duration deadline,
      String requestHash,
      JsonNode canonical) {
    this(type, input, priority, runAt, deadline, requestHash, canonical, null);
  }

  /** How far ahead a job may be scheduled. */
  static final Duration MAX_AHEAD = Duration.ofDays(365);

  /**
   * What is wrong with {@code runAt} as of {@code now}; empty if nothing. A {@code runAt} that has
   * passed is due now, as a job scheduled for a time that went by while it waited would be.
   */
  public List<FieldError> timingErrors(Instant now) {
    var errors = new ArrayList<FieldError>();
    if (runAt != null && runAt.isAfter(now.plus(MAX_AHEAD))) {
      errors.add(new FieldError("runAt", "is more than a year ahead (now is " + now + ")"));
    }
    return errors;
  }

  /** How long to hold the job back; null when it is due now. */
  public Duration startDelay(Instant now) {
    return runAt != null && runAt.isAfter(now) ? Duration.between(now, runAt) : null;
  }
}
