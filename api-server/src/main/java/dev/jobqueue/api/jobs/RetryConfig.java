package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobType;
import dev.jobqueue.retry.RetryBudget;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Each job type's retry budget. A job is given its type's budget when it is submitted and carries
 * it in its input, so the fleets need no copy of it and the status shows it before a first attempt.
 * An {@code email-batch} job's chunks have the {@code email} budget.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryConfig(@Valid Budget email, @Valid Budget pdf) {
  /** No budget configured: the product's. */
  public static final RetryConfig DEFAULT = new RetryConfig(null, null);

  /**
   * @param maxAttempts 0 for the product's default
   * @param total null for the product's default
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Budget(@Min(0) @Max(RetryBudget.MAX_ATTEMPTS) int maxAttempts, Duration total) {
    RetryBudget budget() {
      return new RetryBudget(
          maxAttempts == 0 ? RetryBudget.DEFAULT.maxAttempts() : maxAttempts,
          total == null ? RetryBudget.DEFAULT.total() : total);
    }
  }

  public RetryBudget of(JobType type) {
    Budget budget = type == JobType.PDF ? pdf : email;
    return budget == null ? RetryBudget.DEFAULT : budget.budget();
  }
}
