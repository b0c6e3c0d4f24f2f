package dev.jobqueue.api.jobs;

import dev.jobqueue.job.JobRef;
import dev.jobqueue.runtime.TemporalConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where to look next: the job, its artifact, and in the Temporal Web UI the workflow that carries
 * it (its own, or for a coalesced email its group's).
 */
public record JobLinks(String self, String result, String temporalUi) {

  public static JobLinks of(JobRef job, TemporalConfig temporal) {
    return of(job, job.workflowId(), temporal);
  }

  /** For a job carried by {@code workflowId}. */
  public static JobLinks of(JobRef job, String workflowId, TemporalConfig temporal) {
    String self = "/v1/jobs/" + encode(job.jobId());
    String ui = temporal.uiUrl().replaceAll("/+$", "");
    return new JobLinks(
        self,
        self + "/result",
        ui + "/namespaces/" + encode(temporal.namespace()) + "/workflows/" + encode(workflowId));
  }

  /** One path segment: the workflow id's slash must not read as a path separator. */
  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
