package dev.jobqueue.api.jobs;

/**
 * Why the last attempt failed.
 *
 * @param type the failure's type: an {@code ErrorType} name, {@code TimeoutHEARTBEAT} and the like
 *     for an attempt that timed out, or {@code DeadlineExceeded} for a job past its deadline
 */
public record LastError(String type, String message) {}
