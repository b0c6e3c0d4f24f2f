package dev.jobqueue;

/** The task queue of each workload. These names appear nowhere else in the code base. */
public final class TaskQueues {
  /** Short, I/O-bound transactional and bulk email. */
  public static final String EMAIL = "email";

  /** Long, CPU-bound report rendering. */
  public static final String PDF = "pdf";

  private TaskQueues() {}
}
