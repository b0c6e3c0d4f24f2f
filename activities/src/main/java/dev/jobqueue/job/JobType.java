package dev.jobqueue.job;

import dev.jobqueue.TaskQueues;

/** The kinds of job and the task queue that serves each. */
public enum JobType {
  EMAIL("email", TaskQueues.EMAIL),
  EMAIL_BATCH("email-batch", TaskQueues.EMAIL),
  PDF("pdf", TaskQueues.PDF);

  private final String wireName;
  private final String taskQueue;

  JobType(String wireName, String taskQueue) {
    this.wireName = wireName;
    this.taskQueue = taskQueue;
  }

  /** The name in the API and in the {@code JobType} search attribute. */
  public String wireName() {
    return wireName;
  }

  public String taskQueue() {
    return taskQueue;
  }
}
