package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Where the Temporal server is. Blank target and namespace are taken from the Temporal client
 * profile ({@link TemporalClientSettings}), else {@code localhost:7233} and {@code default}; TLS
 * and the API key come only from there (the environment or the profile file), never from the YAML.
 *
 * @param target gRPC {@code host:port} of the frontend
 * @param namespace the namespace every job lives in
 * @param uiUrl base URL of the Temporal Web UI, for links to a job's workflow
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TemporalConfig(String target, String namespace, @NotBlank String uiUrl) {
  public TemporalConfig {
    target = target == null ? "" : target.strip();
    namespace = namespace == null ? "" : namespace.strip();
    uiUrl = uiUrl == null ? "http://localhost:8233" : uiUrl;
  }

  /** This configuration with the target and namespace {@code settings} resolved. */
  public TemporalConfig resolved(TemporalClientSettings settings) {
    return new TemporalConfig(settings.target(), settings.namespace(), uiUrl);
  }
}
