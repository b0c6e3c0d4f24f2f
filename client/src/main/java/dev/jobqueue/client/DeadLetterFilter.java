package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Which dead letters to list or bulk-redrive: null for any. The time range applies to bulk redrives
 * only; {@code pageSize} to lists only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterFilter(
    String type,
    String errorType,
    Instant deadLetteredAfter,
    Instant deadLetteredBefore,
    @JsonIgnore Integer pageSize) {
  public static DeadLetterFilter all() {
    return new DeadLetterFilter(null, null, null, null, null);
  }

  public DeadLetterFilter withType(String type) {
    return new DeadLetterFilter(type, errorType, deadLetteredAfter, deadLetteredBefore, pageSize);
  }

  public DeadLetterFilter withErrorType(String errorType) {
    return new DeadLetterFilter(type, errorType, deadLetteredAfter, deadLetteredBefore, pageSize);
  }

  /** Only those parked in {@code [after, before)}; either may be null. */
  public DeadLetterFilter between(Instant after, Instant before) {
    return new DeadLetterFilter(type, errorType, after, before, pageSize);
  }

  public DeadLetterFilter withPageSize(int pageSize) {
    return new DeadLetterFilter(type, errorType, deadLetteredAfter, deadLetteredBefore, pageSize);
  }

  Query query() {
    return new Query().add("type", type).add("errorType", errorType).add("pageSize", pageSize);
  }
}
