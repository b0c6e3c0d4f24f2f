package dev.jobqueue.rules;

/**
 * Where a rule reports what is wrong, field by field. The API collects them all into one 400; a
 * fleet stops at the first and fails the job as invalid.
 */
public interface Problems {
  /** {@code field} is the path of the offending value, such as {@code payload.to[2]}. */
  void add(String field, String message);

  /** Adds the problem unless {@code ok}; returns {@code ok}, so that checks can be chained. */
  default boolean check(boolean ok, String field, String message) {
    if (!ok) {
      add(field, message);
    }
    return ok;
  }
}
