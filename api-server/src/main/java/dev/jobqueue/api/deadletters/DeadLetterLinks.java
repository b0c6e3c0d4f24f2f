package dev.jobqueue.api.deadletters;

import dev.jobqueue.api.jobs.JobLinks;
import dev.jobqueue.job.JobRef;
import dev.jobqueue.runtime.TemporalConfig;

/** Where to go from a dead letter: the job, its redrive, and its workflow in the Web UI. */
public record DeadLetterLinks(String self, String redrive, String temporalUi) {
  private static final String JOBS = "/v1/jobs/";

  public static DeadLetterLinks of(JobRef ref, TemporalConfig temporal) {
    var job = JobLinks.of(ref, temporal);
    // the job's own link already holds its id as an escaped path segment
    String segment = job.self().substring(JOBS.length());
    return new DeadLetterLinks(
        job.self(), "/v1/dead-letters/" + segment + "/redrive", job.temporalUi());
  }
}
