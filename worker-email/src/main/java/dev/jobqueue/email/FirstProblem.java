package dev.jobqueue.email;

import dev.jobqueue.rules.Problems;

/** Keeps the first problem a rule reports: a message is refused for its first fault. */
final class FirstProblem implements Problems {
  private String field;
  private String message;

  @Override
  public void add(String field, String message) {
    if (this.field == null) {
      this.field = field;
      this.message = message;
    }
  }

  void throwIfAny() throws InvalidMessageException {
    if (field != null) {
      throw new InvalidMessageException(field, message);
    }
  }
}
