package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** A worker process's configuration: Temporal, plus how much work it takes on. */
public class WorkerConfiguration extends ProcessConfiguration {
  @Valid @NotNull private WorkerConfig worker;
  @Valid @NotNull private WorkerDeployment deployment = WorkerDeployment.OFF;

  @JsonProperty
  public WorkerConfig getWorker() {
    return worker;
  }

  @JsonProperty
  public void setWorker(WorkerConfig worker) {
    this.worker = worker;
  }

  /** Worker Versioning: the deployment and build this process polls as, or off. */
  @JsonProperty
  public WorkerDeployment getDeployment() {
    return deployment;
  }

  @JsonProperty
  public void setDeployment(WorkerDeployment deployment) {
    this.deployment = deployment == null ? WorkerDeployment.OFF : deployment;
  }
}
