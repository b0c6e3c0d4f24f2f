package dev.jobqueue.api.jobs;

import dev.jobqueue.batch.ItemOutcome;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One item of an {@code email-batch} as {@code GET /v1/jobs/{jobId}/items} shows it.
 *
 * @param to the recipient; a distinct message's first {@code to} address
 * @param status {@code accepted}, {@code failed} (refused for good, or still deferred once its
 *     retries were spent: dead-lettered), {@code deferred} (the relay answered 4xx; it is tried
 *     again on its own backoff) or {@code pending}
 * @param code the relay's reply code (250 when accepted); null when no relay was asked
 * @param message the relay's reply, or why the item could not be sent
 * @param at when the outcome was recorded; null while pending
 * @param errorType of a failed item: {@code SmtpRejected}, {@code InvalidMessage} or {@code
 *     SmtpTransient}; {@code SmtpTransient} for a deferred one
 */
public record BatchItemView(
    int index,
    String to,
    String status,
    Integer code,
    String message,
    Instant at,
    String errorType) {

  static BatchItemView of(ItemOutcome outcome) {
    String status =
        ItemOutcome.DEAD_LETTERED.equals(outcome.status())
            ? BatchItemQuery.FAILED
            : outcome.status();
    return new BatchItemView(
        outcome.index(),
        outcome.to(),
        status,
        outcome.code(),
        outcome.message(),
        instant(outcome.at()),
        outcome.errorType());
  }

  private static Instant instant(String at) {
    try {
      return at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null; // written by a worker of another version, perhaps: the outcome still counts
    }
  }
}
