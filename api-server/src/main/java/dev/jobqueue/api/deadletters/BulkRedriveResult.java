package dev.jobqueue.api.deadletters;

/**
 * What {@code POST /v1/dead-letters/redrive} did.
 *
 * @param count dead letters signalled to run again
 * @param failed dead letters the filter selected whose signal could not be delivered (the job was
 *     discarded or expired meanwhile, or Temporal refused); asking again retries those still parked
 */
public record BulkRedriveResult(int count, int failed) {}
