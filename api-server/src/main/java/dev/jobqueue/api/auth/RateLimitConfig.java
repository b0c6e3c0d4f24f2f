package dev.jobqueue.api.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/**
 * Each tenant's request budget at the API: a token bucket refilled at {@code requestsPerSecond}
 * holding at most {@code burst}. Per API process: N processes allow N times as much.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RateLimitConfig(@Positive double requestsPerSecond, @Min(1) int burst) {
  public static final RateLimitConfig DEFAULT = new RateLimitConfig(500, 1000);
}
