package dev.jobqueue.api.errors;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every violation in a request before answering, so a client fixes them all at once
 * instead of one per round trip.
 */
public final class Violations {
  private final List<FieldError> errors = new ArrayList<>();

  public void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** Adds {@code message} for {@code field} unless {@code ok}; returns {@code ok}. */
  public boolean check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
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
