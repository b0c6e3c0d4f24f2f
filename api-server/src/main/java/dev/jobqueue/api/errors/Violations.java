package dev.jobqueue.api.errors;

import dev.jobqueue.rules.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every violation in a request before answering, so a client fixes them all at once
 * instead of one per round trip.
 */
public final class Violations implements Problems {
  private final List<FieldError> errors = new ArrayList<>();

  @Override
  public void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<FieldError> list() {
    return List.copyOf(errors);
  }

  /** Answers 400 with everything collected, if anything was. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid(errors);
    }
  }
}
