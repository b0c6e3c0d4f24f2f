package dev.jobqueue.email;

import dev.jobqueue.TaskQueues;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The two email workloads, each on a task queue of its own, so that each is served by capacity the
 * other cannot take: a burst of batches queues behind itself, never ahead of a transactional send.
 */
public enum EmailLane {
  /** Single sends, coalesced groups of them, and every email workflow: {@code email}. */
  TRANSACTIONAL(TaskQueues.EMAIL),
  /** The chunks of {@code email-batch} jobs: {@code email-bulk}. */
  BULK(TaskQueues.EMAIL_BULK);

  private final String taskQueue;

  EmailLane(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  public String taskQueue() {
    return taskQueue;
  }

  /** The name in {@code EMAIL_LANES}: {@code transactional} or {@code bulk}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The lanes of a comma-separated list such as {@code transactional,bulk}.
   *
   * @throws IllegalArgumentException for an unknown name or an empty list
   */
  public static Set<EmailLane> parse(String list) {
    var lanes = EnumSet.noneOf(EmailLane.class);
    for (String name : list == null ? new String[0] : list.split(",")) {
      if (name.isBlank()) {
        continue;
      }
      String wanted = name.strip().toLowerCase(Locale.ROOT);
      EmailLane lane = null;
      for (EmailLane candidate : values()) {
        if (candidate.configName().equals(wanted)) {
          lane = candidate;
        }
      }
      if (lane == null) {
        throw new IllegalArgumentException(
            "lanes: unknown lane \"" + name.strip() + "\" (known: transactional, bulk)");
      }
      lanes.add(lane);
    }
    if (lanes.isEmpty()) {
      throw new IllegalArgumentException("lanes: serve at least one of transactional, bulk");
    }
    return lanes;
  }
}
