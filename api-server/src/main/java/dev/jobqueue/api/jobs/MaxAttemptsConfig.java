package dev.jobqueue.api.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.job.JobActivityOptions;
import dev.jobqueue.job.JobType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Each type's retry budget, as the status document shows it before an attempt has run (after that,
 * Temporal's own record of the activity says). Set it from the same variables as the workers'
 * {@code maxAttempts} so that both agree.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MaxAttemptsConfig(
    @Min(1) @Max(1_000) Integer email, @Min(1) @Max(1_000) Integer pdf) {
  public MaxAttemptsConfig {
    email = email == null ? JobActivityOptions.DEFAULT_MAX_ATTEMPTS : email;
    pdf = pdf == null ? JobActivityOptions.DEFAULT_MAX_ATTEMPTS : pdf;
  }

  public int of(JobType type) {
    return type == JobType.PDF ? pdf : email;
  }
}
