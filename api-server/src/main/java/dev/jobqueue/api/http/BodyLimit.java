package dev.jobqueue.api.http;

/**
 * The size limit of the request body being read. A job submission may carry an {@code email-batch}
 * and is let in under the batch limit; once its reader knows the body is not a batch, it narrows
 * the limit to the one every other body has.
 */
public interface BodyLimit {
  /** A body under no limit of ours (a submission checked without an HTTP request around it). */
  BodyLimit NONE = () -> {};

  /**
   * Holds the body to {@link BodyLimitFilter#MAX_BODY_BYTES}: at once if more has been read or
   * announced already, else as soon as the stream passes it.
   */
  void limitToDefault();
}
