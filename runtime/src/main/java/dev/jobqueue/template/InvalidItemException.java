package dev.jobqueue.template;

/**
 * One item of a batch cannot become a message (a placeholder without a value, a value that would
 * break a header). The item is dead-lettered; the rest of the batch goes on.
 */
public final class InvalidItemException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidItemException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The item field at fault ({@code vars.name}, {@code to}). */
  public String field() {
    return field;
  }
}
