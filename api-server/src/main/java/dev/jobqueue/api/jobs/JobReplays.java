package dev.jobqueue.api.jobs;

import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.job.JobRef;

/**
 * A request under an Idempotency-Key that already names a job: the same request is that job (200),
 * another request is a 422. Wherever the job is carried: its own workflow or a group.
 */
public final class JobReplays {
  private static final String KEY_REUSED = "idempotency-key-reused";

  private final JobStatusReader reader;

  public JobReplays(JobStatusReader reader) {
    this.reader = reader;
  }

  /**
   * The job {@code ref} names, as a replay of {@code submission}; null if there is none. A job
   * coalesced into a group is found as surely as one of its own.
   */
  public JobStarter.Outcome of(JobRef ref, Submission submission) {
    FoundJob existing;
    try {
      existing = reader.resolve(ref);
    } catch (ApiProblem problem) {
      if (problem.status() != 404) {
        throw problem;
      }
      return null;
    }
    return replay(existing, submission);
  }

  /** True if {@code problem} is this class's 422: the key names a job of another request. */
  public static boolean isKeyReused(ApiProblem problem) {
    return problem.status() == 422 && problem.type().endsWith(":" + KEY_REUSED);
  }

  private JobStarter.Outcome replay(FoundJob existing, Submission submission) {
    String recorded =
        switch (existing) {
          case DescribedJob own -> own.requestHash();
          case GroupedJobs.GroupedJob grouped -> grouped.state().requestHash();
        };
    if (!submission.requestHash().equals(recorded)) {
      throw ApiProblem.of(
          422,
          KEY_REUSED,
          "Idempotency-Key reused with a different request",
          "job "
              + existing.ref().jobId()
              + " was started with this Idempotency-Key and another"
              + " request; use a new key for a new job");
    }
    return new JobStarter.Outcome(
        false,
        switch (existing) {
          case DescribedJob own -> reader.document(own);
          case GroupedJobs.GroupedJob grouped -> reader.read(grouped.ref());
        });
  }
}
