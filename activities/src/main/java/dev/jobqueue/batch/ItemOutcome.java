package dev.jobqueue.batch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What became of one item. The worker appends one line per item it tried to its chunk's outcome
 * file; the API pages through them ({@code BatchStore.outcomes}), reporting items without a line as
 * {@link #PENDING}.
 *
 * @param status {@link #ACCEPTED}, {@link #DEAD_LETTERED}, {@link #DEFERRED} or {@link #PENDING}
 * @param code the relay's reply code (250 when accepted), null when no relay was asked
 * @param message the relay's reply, or why the item could not be sent
 * @param at ISO-8601 instant the outcome was recorded; null while pending
 * @param errorType for a dead-lettered item, the {@code ErrorType} name ({@code SmtpRejected},
 *     {@code InvalidMessage}, {@code SmtpTransient} once its retries are spent); {@code
 *     SmtpTransient} for a deferred one
 * @param pass which run of the job recorded it: 1, then one more for each redrive. A redrive tries
 *     dead-lettered items of earlier passes again; accepted ones are never sent again.
 * @param attempt the item's attempt in its pass that this line records, from 1: one more after each
 *     deferral. 0 in lines of workers from before items had attempts of their own.
 * @param nextAttemptAt for a deferred item, the ISO-8601 instant from which it may be tried again
 * @param firstAttemptAt for a deferred item, when its first attempt of the pass was, the start of
 *     its retry budget's total time
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ItemOutcome(
    int index,
    String to,
    String status,
    Integer code,
    String message,
    String at,
    String errorType,
    int pass,
    int attempt,
    String nextAttemptAt,
    String firstAttemptAt) {
  public static final String ACCEPTED = "accepted";
  public static final String DEAD_LETTERED = "dead_lettered";

  /**
   * The relay answered 4xx for this message while it took others: tried again, on its own backoff,
   * from {@link #nextAttemptAt()}. Not final: a later line settles it.
   */
  public static final String DEFERRED = "deferred";

  public static final String PENDING = "pending";

  /** An outcome that does not wait for another attempt. */
  public ItemOutcome(
      int index,
      String to,
      String status,
      Integer code,
      String message,
      String at,
      String errorType,
      int pass,
      int attempt) {
    this(index, to, status, code, message, at, errorType, pass, attempt, null, null);
  }

  /** As written before items had attempts of their own. */
  public ItemOutcome(
      int index,
      String to,
      String status,
      Integer code,
      String message,
      String at,
      String errorType,
      int pass) {
    this(index, to, status, code, message, at, errorType, pass, 0);
  }

  public static ItemOutcome pending(int index, String to) {
    return new ItemOutcome(index, to, PENDING, null, null, null, null, 0);
  }

  /** True if {@code status} is one an outcome can have. */
  public static boolean knownStatus(String status) {
    return ACCEPTED.equals(status)
        || DEAD_LETTERED.equals(status)
        || DEFERRED.equals(status)
        || PENDING.equals(status);
  }

  /** True if the item needs no sending in pass {@code pass}. */
  public boolean settles(int pass) {
    return ACCEPTED.equals(status) || (DEAD_LETTERED.equals(status) && this.pass == pass);
  }

  /** True if the item waits for another attempt in pass {@code pass}. */
  public boolean defersIn(int pass) {
    return DEFERRED.equals(status) && this.pass == pass;
  }

  /**
   * Of two lines for the same item, the one that tells its state: an acceptance is final (a sent
   * message cannot be unsent), otherwise the later line wins.
   */
  public static ItemOutcome latest(ItemOutcome earlier, ItemOutcome later) {
    return earlier != null && ACCEPTED.equals(earlier.status) ? earlier : later;
  }
}
