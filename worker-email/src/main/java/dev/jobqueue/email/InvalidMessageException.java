package dev.jobqueue.email;

/**
 * The message a job asks for cannot be sent as given. It names the payload field at fault ({@code
 * to[3]}, {@code subject}, {@code headers.X-Campaign}) because the message ends up in front of the
 * client who wrote the payload.
 */
public final class InvalidMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidMessageException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The payload field at fault. */
  public String field() {
    return field;
  }
}
