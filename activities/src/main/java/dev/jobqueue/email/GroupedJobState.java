package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobStatus;

/**
 * Where one coalesced job stands, as its group workflow records it in its memo under {@link
 * #memoKey(int)}: readable by the API without any worker running, like a single job's search
 * attributes.
 *
 * @param jobId the job's id
 * @param status QUEUED, RETRYING (waiting its own backoff), SUCCEEDED, CANCELLED, or DEAD_LETTERED
 *     (then the job is parked in a workflow of its own, {@code <tenant>/<jobId>}, which says from
 *     there on)
 * @param attempt attempts made so far
 * @param errorType the last failure's type, null if none
 * @param error the last failure's message, cut to {@link #MAX_ERROR} characters
 * @param updatedAt ISO-8601 instant of the last change
 * @param nextAttemptAt when a RETRYING job tries again
 * @param requestHash what an Idempotency-Key replay must match
 * @param result the delivery, once SUCCEEDED
 * @param cancelRequested a cancel arrived while the job was being sent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupedJobState(
    String jobId,
    JobStatus status,
    int attempt,
    String errorType,
    String error,
    String updatedAt,
    String nextAttemptAt,
    String requestHash,
    SendEmailResult result,
    boolean cancelRequested) {
  public static final int MAX_ERROR = 300;

  public GroupedJobState {
    if (error != null && error.length() > MAX_ERROR) {
      error = error.substring(0, MAX_ERROR) + "…";
    }
  }

  /** A job just accepted: how the API records it when it starts the group. */
  public static GroupedJobState queued(String jobId, String requestHash, String at) {
    return new GroupedJobState(
        jobId, JobStatus.QUEUED, 0, null, null, at, null, requestHash, null, false);
  }

  /** The memo key of the {@code index}th job of a group. */
  public static String memoKey(int index) {
    return "job" + index;
  }
}
