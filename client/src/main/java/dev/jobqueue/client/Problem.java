package dev.jobqueue.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * An RFC 9457 problem document, as the API sends with every error.
 *
 * @param errors for a validation failure, each field and what is wrong with it; empty otherwise
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {
  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** One invalid field: its path in the request ({@code payload.to[0]}) and the reason. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FieldError(String field, String message) {}
}
