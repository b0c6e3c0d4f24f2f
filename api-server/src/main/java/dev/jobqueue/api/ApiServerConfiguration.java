package dev.jobqueue.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jobqueue.api.auth.ApiKeyConfig;
import dev.jobqueue.api.auth.RateLimitConfig;
import dev.jobqueue.api.jobs.MaxAttemptsConfig;
import dev.jobqueue.job.JobLifecycle;
import dev.jobqueue.runtime.ProcessConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/** api-server's YAML: Temporal, who may call, how often, and where finished reports are. */
public class ApiServerConfiguration extends ProcessConfiguration {
  @Valid @NotNull private List<ApiKeyConfig> apiKeys = List.of();
  @Valid @NotNull private RateLimitConfig rateLimit = RateLimitConfig.DEFAULT;
  @NotBlank private String reportStoreDir = "var/reports";
  @Valid @NotNull private MaxAttemptsConfig maxAttempts = new MaxAttemptsConfig(null, null);
  /** How long one request may wait for Temporal before it answers 503. */
  @NotNull private Duration temporalTimeout = Duration.ofSeconds(5);
  /** How long a job that failed for good stays a dead letter before it is discarded. */
  @NotNull private Duration deadLetterRetention = JobLifecycle.DEFAULT_RETENTION;

  @JsonProperty
  public List<ApiKeyConfig> getApiKeys() {
    return apiKeys;
  }

  @JsonProperty
  public void setApiKeys(List<ApiKeyConfig> apiKeys) {
    this.apiKeys = apiKeys == null ? List.of() : apiKeys;
  }

  @JsonProperty
  public RateLimitConfig getRateLimit() {
    return rateLimit;
  }

  @JsonProperty
  public void setRateLimit(RateLimitConfig rateLimit) {
    this.rateLimit = rateLimit;
  }

  @JsonProperty
  public String getReportStoreDir() {
    return reportStoreDir;
  }

  @JsonProperty
  public void setReportStoreDir(String reportStoreDir) {
    this.reportStoreDir = reportStoreDir;
  }

  @JsonProperty
  public Duration getTemporalTimeout() {
    return temporalTimeout;
  }

  @JsonProperty
  public void setTemporalTimeout(Duration temporalTimeout) {
    this.temporalTimeout = temporalTimeout;
  }

  @JsonProperty
  public Duration getDeadLetterRetention() {
    return deadLetterRetention;
  }

  @JsonProperty
  public void setDeadLetterRetention(Duration deadLetterRetention) {
    this.deadLetterRetention = deadLetterRetention;
  }

  @JsonProperty
  public MaxAttemptsConfig getMaxAttempts() {
    return maxAttempts;
  }

  @JsonProperty
  public void setMaxAttempts(MaxAttemptsConfig maxAttempts) {
    this.maxAttempts = maxAttempts;
  }
}
