package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** What every jobqueue process is configured with: where Temporal is. */
public class ProcessConfiguration extends Configuration {
  @Valid @NotNull private TemporalConfig temporal = new TemporalConfig(null, null, null);

  @JsonProperty
  public TemporalConfig getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(TemporalConfig temporal) {
    this.temporal = temporal;
  }
}
