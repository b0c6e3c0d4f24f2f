package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobRef;

/**
 * The input of a coalesced email's key reservation: the workflow {@code <tenant>/<jobId>} that
 * holds an Idempotency-Key's job id in Temporal's own index of workflow ids, so that a replay of
 * the same key, on any API process, finds the job, and a second job can never take the id. It
 * points at the group that carries the email.
 *
 * @param groupWorkflowId the workflow that sends the email
 * @param index the email's position in that group
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyReservation(JobRef job, String groupWorkflowId, int index) {
  /** Memo key of {@link #groupWorkflowId}, for readers that have only the reservation's memo. */
  public static final String GROUP_MEMO_KEY = "carriedBy";

  /** Memo key of {@link #index}. */
  public static final String INDEX_MEMO_KEY = "carriedAt";
}
