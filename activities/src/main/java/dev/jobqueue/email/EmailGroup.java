package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobPriority;
import dev.jobqueue.retry.RetryBudget;
import java.time.Duration;
import java.util.List;

/**
 * The input of a group workflow: single {@code email} jobs that the API coalesced (one tenant, one
 * priority, a few milliseconds of submissions), sent together in chunks so that they cost Temporal
 * what a bulk send costs. Every email stays a job of its own: its own id, status, attempts, budget,
 * cancel, Message-ID and dead letter. Small enough to be the workflow's input: no store between the
 * API and the fleet.
 *
 * @param groupId unique; the workflow's id is {@link #workflowId(String, String)}
 * @param retry each email's own retry budget
 * @param deadLetterRetention how long an email that failed for good stays a dead letter
 * @param fairnessWeight the tenant's fairness weight, for the group and its dead letters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailGroup(
    String groupId,
    String tenant,
    int priority,
    List<GroupedEmail> emails,
    RetryBudget retry,
    Duration deadLetterRetention,
    Float fairnessWeight) {
  /** Separates a group's id from an email's position in it, in a coalesced job's id. */
  public static final char JOB_ID_SEPARATOR = '~';

  public EmailGroup {
    emails = List.copyOf(emails);
    retry = RetryBudget.orDefault(retry);
    // groups started before weights existed carry none
    fairnessWeight = fairnessWeight == null ? JobPriority.DEFAULT_WEIGHT : fairnessWeight;
  }

  /** The group workflow's id: no job's id holds a slash, so it cannot be any job's. */
  public static String workflowId(String tenant, String groupId) {
    return tenant + "/groups/" + groupId;
  }

  /** The id of the {@code index}th email of group {@code groupId}. */
  public static String jobId(String groupId, int index) {
    return groupId + JOB_ID_SEPARATOR + index;
  }

  /** The group a coalesced job's id names, or null for a job id of any other form. */
  public static String groupOf(String jobId) {
    int at = jobId.lastIndexOf(JOB_ID_SEPARATOR);
    return at > 0 && at < jobId.length() - 1 ? jobId.substring(0, at) : null;
  }

  /** The position a coalesced job's id names; -1 if it names none. */
  public static int indexOf(String jobId) {
    int at = jobId.lastIndexOf(JOB_ID_SEPARATOR);
    try {
      return at > 0 ? Integer.parseInt(jobId.substring(at + 1)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
