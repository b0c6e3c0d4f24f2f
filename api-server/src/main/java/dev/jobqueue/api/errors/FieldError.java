package dev.jobqueue.api.errors;

/**
 * One thing wrong with a request.
 *
 * @param field where, as a path into the request: {@code payload.to[2]}, {@code priority}, or
 *     {@code body} for the request as a whole; headers and query parameters by their own name
 * @param message what is wrong, in words a client developer can act on
 */
public record FieldError(String field, String message) {}
