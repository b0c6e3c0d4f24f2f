package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A batch that succeeded: every item accepted by the relay (one with an item refused for good does
 * not succeed; it is dead-lettered with {@code RecipientsRejected}).
 *
 * @param passes runs it took: 1, plus one per redrive
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailBatchResult(int items, int accepted, int chunks, int passes) {}
