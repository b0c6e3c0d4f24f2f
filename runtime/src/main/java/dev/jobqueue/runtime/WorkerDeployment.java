package dev.jobqueue.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerOptions;
import jakarta.validation.constraints.Pattern;

/**
 * Temporal's Worker Versioning for a fleet: its workers poll as version {@code buildId} of the
 * worker deployment {@code name}, and the server sends a task queue's work to the version an
 * operator made current ({@code temporal worker deployment set-current-version}), so that a new
 * build takes work only once it is promoted, and a bad one is rolled back by promoting the old one
 * again. Off (unversioned workers, the embedded default) while {@code buildId} is empty.
 *
 * <p>Every job workflow is {@link VersioningBehavior#AUTO_UPGRADE}: jobs wait up to a year (a
 * {@code runAt}, a parked dead letter), far longer than any build is kept running, so a job moves
 * to the current version at its next workflow task, and the code stays replay-compatible with every
 * history it may meet ({@code Workflow.getVersion} for changes, and the recorded histories the
 * build replays). Pinning would keep every build alive until its last job ended.
 *
 * @param name the deployment, one per fleet (a fleet's versions share it)
 * @param buildId this build's id (a release tag or commit), unique per deployment; empty: off
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerDeployment(
    @Pattern(regexp = "[A-Za-z0-9._-]{0,255}", message = "letters, digits, '.', '_', '-'")
        String name,
    @Pattern(regexp = "[A-Za-z0-9._-]{0,255}", message = "letters, digits, '.', '_', '-'")
        String buildId) {

  /** Unversioned workers. */
  public static final WorkerDeployment OFF = new WorkerDeployment(null, null);

  public WorkerDeployment {
    name = name == null ? "" : name.strip();
    buildId = buildId == null ? "" : buildId.strip();
    if (!buildId.isEmpty() && name.isEmpty()) {
      throw new IllegalArgumentException(
          "a worker build id needs its deployment's name (WORKER_DEPLOYMENT_NAME)");
    }
  }

  public boolean versioned() {
    return !buildId.isEmpty();
  }

  /** {@code options} with this deployment's versioning, or unchanged when it is off. */
  public WorkerOptions apply(WorkerOptions options) {
    if (!versioned()) {
      return options;
    }
    return WorkerOptions.newBuilder(options)
        .setDeploymentOptions(
            WorkerDeploymentOptions.newBuilder()
                .setVersion(new WorkerDeploymentVersion(name, buildId))
                .setUseVersioning(true)
                .setDefaultVersioningBehavior(VersioningBehavior.AUTO_UPGRADE)
                .build())
        .build();
  }

  @Override
  public String toString() {
    return versioned() ? name + "/" + buildId : "unversioned";
  }
}
