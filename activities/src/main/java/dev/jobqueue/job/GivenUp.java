package dev.jobqueue.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A job given up on before its own workflow started: a coalesced email whose group spent its budget
 * or was refused for good. Its workflow starts parked as a dead letter with this failure, and from
 * there is a dead letter like any other (listed, redriven, discarded, expired).
 *
 * @param errorType the terminal failure's type
 * @param attempts every attempt's error, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GivenUp(String errorType, String message, List<AttemptError> attempts) {
  public GivenUp {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }
}
