package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the relay accepted.
 *
 * @param messageId the {@code Message-ID} the message went out with, derived from the job id
 * @param accepted recipients the relay took
 * @param rejected recipients refused with a 5xx while others were accepted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SendEmailResult(
    String messageId, List<String> accepted, List<RecipientFailure> rejected) {
  public SendEmailResult {
    accepted = accepted == null ? List.of() : List.copyOf(accepted);
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }
}
