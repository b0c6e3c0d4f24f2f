package dev.jobqueue.api.jobsbatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.Problem;
import dev.jobqueue.api.jobs.JobStarter;
import dev.jobqueue.api.jobs.JobStatusDocument;
import java.util.List;

/** What {@code POST /v1/jobs:batch} answers: each job's answer, in the order of the request. */
public record JobsBatchResults(List<Result> results) {
  /**
   * One job's answer: what {@code POST /v1/jobs} would have answered for it alone.
   *
   * @param status that answer's HTTP status: 202 started, 200 the job its idempotency key already
   *     named, else the problem's
   * @param retryAfter the seconds its {@code Retry-After} header would have said (429, 503)
   * @param job the job's status document, if it was started or replayed
   * @param problem why not, if not
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"status", "retryAfter", "job", "problem"})
  public record Result(int status, Long retryAfter, JobStatusDocument job, Problem problem) {
    static Result of(JobStarter.Outcome outcome) {
      return new Result(outcome.created() ? 202 : 200, null, outcome.job(), null);
    }

    static Result of(ApiProblem problem) {
      var retryAfter = problem.retryAfterSeconds();
      return new Result(
          problem.status(),
          retryAfter.isPresent() ? retryAfter.getAsLong() : null,
          null,
          problem.problem());
    }
  }
}
