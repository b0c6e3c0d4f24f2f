package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Why a job was parked, as its workflow records it in its memo under {@link #MEMO_KEY}: readable by
 * the API and the Web UI without any worker running. The original request sits beside it in the
 * memo, written when the job was started.
 *
 * @param errorType the terminal failure's type (also the {@code ErrorType} search attribute)
 * @param attempts every attempt's error, oldest first (at most {@link #MAX_ATTEMPTS} kept)
 * @param deadLetteredAt ISO-8601 instant
 * @param expiresAt when retention discards it unless it is redriven first
 * @param redrives how many times the job was redriven before this
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
    String errorType,
    String message,
    List<AttemptError> attempts,
    String deadLetteredAt,
    String expiresAt,
    int redrives) {
  public static final String MEMO_KEY = "deadLetter";
  public static final int MAX_ATTEMPTS = 50;

  public DeadLetter {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }
}
