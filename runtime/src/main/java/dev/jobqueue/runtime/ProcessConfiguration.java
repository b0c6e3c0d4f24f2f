package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.store.objects.ObjectStoreConfig;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * What every jobqueue process is configured with: where Temporal is, and the object store that
 * holds reports and staged batches when the processes share no disk.
 */
public class ProcessConfiguration extends Configuration {
  @Valid @NotNull private TemporalConfig temporal = new TemporalConfig(null, null, null);

  @Valid @NotNull private ObjectStoreConfig objectStore = new ObjectStoreConfig();

  @JsonProperty
  public ObjectStoreConfig getObjectStore() {
    return objectStore;
  }

  @JsonProperty
  public void setObjectStore(ObjectStoreConfig objectStore) {
    this.objectStore = objectStore;
  }

  @JsonProperty
  public TemporalConfig getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(TemporalConfig temporal) {
    this.temporal = temporal;
  }
}
