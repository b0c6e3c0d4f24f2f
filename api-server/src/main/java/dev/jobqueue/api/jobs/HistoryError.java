package dev.jobqueue.api.jobs;

/**
 * The error of one entry of a job's history.
 *
 * @param type an {@code ErrorType} name, {@code TimeoutHeartbeat} and the like for an attempt that
 *     timed out, or the exception's class for a bug
 * @param nonRetryable whether the error itself ruled out another attempt; null where that is not
 *     the question (a dead letter's reason, how a workflow ended)
 */
public record HistoryError(String type, String message, Boolean nonRetryable) {}
