package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Where the Temporal server is.
 *
 * @param target gRPC {@code host:port} of the frontend
 * @param namespace the namespace every job lives in
 * @param uiUrl base URL of the Temporal Web UI, for links to a job's workflow
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TemporalConfig(
    @NotBlank String target, @NotBlank String namespace, @NotBlank String uiUrl) {
  public TemporalConfig {
    target = target == null ? "localhost:7233" : target;
    namespace = namespace == null ? "default" : namespace;
    uiUrl = uiUrl == null ? "http://localhost:8233" : uiUrl;
  }
}
