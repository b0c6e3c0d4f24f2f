package dev.jobqueue.job;

/**
 * The label names of the product's metrics, the same in every process, so that one query joins what
 * the API submitted with what the fleets finished.
 */
public final class MetricTags {
  /** The job type's wire name: {@code email}, {@code email-batch}, {@code pdf}. */
  public static final String JOB_TYPE = "job_type";

  public static final String TENANT = "tenant";

  /** An {@code ErrorType} name, or a timeout's ({@code TimeoutHeartbeat}). */
  public static final String ERROR_TYPE = "error_type";

  private MetricTags() {}
}
