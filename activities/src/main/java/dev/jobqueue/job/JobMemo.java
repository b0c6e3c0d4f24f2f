package dev.jobqueue.job;

/**
 * The memo keys of a job's workflow, written by whoever starts it (the API, or a group parking one
 * of its emails) and read by the workflow and the API.
 */
public final class JobMemo {
  /** The SHA-256 of the canonical request, which an Idempotency-Key replay must match. */
  public static final String REQUEST_HASH = "requestHash";

  /** The canonical request itself, kept when small, for dead letters and redrives. */
  public static final String REQUEST = "request";

  /** An ISO-8601 duration: how long the job stays a dead letter before it is discarded. */
  public static final String DEAD_LETTER_RETENTION = "deadLetterRetention";

  /**
   * True when the starter knows the workflow reads its status from the execution (see the
   * workflows' {@code JobLifecycle}): the workflow then needs no version marker to tell, which
   * would be one more Temporal action per job.
   */
  public static final String STATUS_FROM_EXECUTION = "statusFromExecution";

  /**
   * How much work the job is, in its unit (emails of an {@code email-batch}): what the API counts
   * against a tenant's cap on work under way.
   */
  public static final String WORK = "work";

  /**
   * An ISO-8601 instant: when the job's deadline passes (when it is due plus its {@code deadline}).
   * The workflow cancels the work then, compensates and parks the job with {@code
   * DeadlineExceeded}; without it the job has no deadline.
   */
  public static final String DEADLINE_AT = "deadlineAt";

  /** An ISO-8601 duration: the job's {@code deadline}, which a redrive gives it again. */
  public static final String DEADLINE = "deadline";

  /**
   * The hash an {@code email-batch}'s batch is named by in the batch store (see {@code
   * dev.jobqueue.batch.BatchName}): which of the batches staged under its id is the job's. Absent
   * in jobs started before batches were named by content, whose batch is under the job's stem.
   */
  public static final String BATCH_CONTENT = "batchContent";

  /**
   * A number: how many history events one run of the job's workflow may hold before it continues as
   * new (the default is the workflows' own, far below Temporal's limits). Only for tests, which set
   * a small one to reach it quickly; the API never writes it.
   */
  public static final String HISTORY_BUDGET = "historyBudget";

  /**
   * An ISO-8601 instant: when the job was created, written by its workflow before it first
   * continues as new, since a continued run's start time is its own. Absent for a job that never
   * continued.
   */
  public static final String CREATED_AT = "createdAt";

  /**
   * The job's {@code callback} URL, checked when it was submitted: where its terminal status is
   * POSTed. Absent for a job without one.
   */
  public static final String CALLBACK = "callback";

  /**
   * Every key a job's memo may hold, the dead letter's included: what a job's workflow carries into
   * the run it continues as. A key missing here would be lost there.
   */
  public static final java.util.List<String> KEYS =
      java.util.List.of(
          REQUEST_HASH,
          REQUEST,
          DEAD_LETTER_RETENTION,
          STATUS_FROM_EXECUTION,
          WORK,
          DEADLINE_AT,
          DEADLINE,
          HISTORY_BUDGET,
          CREATED_AT,
          BATCH_CONTENT,
          CALLBACK,
          DeadLetter.MEMO_KEY);

  private JobMemo() {}
}
