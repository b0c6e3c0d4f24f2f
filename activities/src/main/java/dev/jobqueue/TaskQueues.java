package dev.jobqueue;

import java.util.List;

/** The task queue of each workload. These names appear nowhere else in the code base. */
public final class TaskQueues {
  /**
   * Transactional email: single sends, coalesced groups of them, and every email workflow (the
   * batch workflow too, whose chunks run on {@link #EMAIL_BULK}). Served with capacity bulk cannot
   * take: a worker of its own, its own slots and SMTP connections.
   */
  public static final String EMAIL = "email";

  /**
   * Bulk email: the chunks of {@code email-batch} jobs. A lane of its own, so that a burst of
   * batches queues behind itself and never ahead of a transactional send.
   */
  public static final String EMAIL_BULK = "email-bulk";

  /** Long, CPU-bound report rendering. */
  public static final String PDF = "pdf";

  /**
   * The product's own housekeeping: bulk redrives of dead letters. Served by a small worker inside
   * each API process, so that it needs no fleet of its own and runs wherever the API does.
   */
  public static final String CONTROL = "control";

  /**
   * Completion callbacks: the workflows that deliver a job's terminal status to its {@code
   * callback} URL, and their HTTP deliveries. Served by the control worker inside each API process:
   * that process holds the tenants' callback secrets beside their API keys, and is where outbound
   * HTTP to clients' endpoints is allowed; the job fleets need neither the secrets nor the egress.
   */
  public static final String CALLBACKS = "callbacks";

  /** Every queue above: those whose backlog the API reports. */
  public static final List<String> ALL = List.of(EMAIL, EMAIL_BULK, PDF, CONTROL, CALLBACKS);

  private TaskQueues() {}
}
