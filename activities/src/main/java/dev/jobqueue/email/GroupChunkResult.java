package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.ErrorType;
import java.util.List;

/** What became of each email of a {@link GroupChunk}: one outcome per item, in any order. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupChunkResult(List<Outcome> outcomes) {
  public enum Kind {
    /** The relay took it (for at least one recipient). */
    SENT,
    /** Not this time: a 4xx, or the relay could not be reached; the email tries again. */
    DEFERRED,
    /** Never: a 5xx for every recipient, or a message no retry can send. */
    REFUSED
  }

  /**
   * @param index the email's position in its group
   * @param accepted recipients the relay took in this attempt
   * @param rejected recipients it refused for good in this attempt
   * @param messageId the Message-ID the email went out with
   * @param errorType for DEFERRED and REFUSED, an {@code ErrorType} name
   * @param retryAfterMillis the relay's "try again in" for DEFERRED, 0 if it said nothing
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Outcome(
      int index,
      Kind kind,
      String messageId,
      List<String> accepted,
      List<RecipientFailure> rejected,
      String errorType,
      String message,
      long retryAfterMillis) {
    public Outcome {
      accepted = accepted == null ? List.of() : List.copyOf(accepted);
      rejected = rejected == null ? List.of() : List.copyOf(rejected);
    }

    /** The relay took it for {@code accepted} (and refused {@code rejected} for good). */
    public static Outcome sent(
        int index, String messageId, List<String> accepted, List<RecipientFailure> rejected) {
      return new Outcome(index, Kind.SENT, messageId, accepted, rejected, null, null, 0);
    }

    /** Not this time; what the relay settled in this attempt is kept. */
    public static Outcome deferred(
        int index,
        String messageId,
        List<String> accepted,
        List<RecipientFailure> rejected,
        ErrorType type,
        String message,
        long retryAfterMillis) {
      return new Outcome(
          index,
          Kind.DEFERRED,
          messageId,
          accepted,
          rejected,
          type.name(),
          message,
          retryAfterMillis);
    }

    /** Never. */
    public static Outcome refused(
        int index,
        String messageId,
        List<RecipientFailure> rejected,
        ErrorType type,
        String message) {
      return new Outcome(
          index, Kind.REFUSED, messageId, List.of(), rejected, type.name(), message, 0);
    }
  }

  public GroupChunkResult {
    outcomes = List.copyOf(outcomes);
  }
}
