package dev.jobqueue.api.admission;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Each tenant's budget of work at the API, apart from its request budget: emails (one for an {@code
 * email}, one per recipient or message of an {@code email-batch}) and report pages, each a token
 * bucket refilled at its rate per second and holding at most its burst; and a cap on the emails of
 * the tenant's {@code email-batch} jobs under way.
 *
 * @param emailBurst a batch larger than this is taken once the bucket is full, and leaves it in
 *     debt
 * @param rowsPerPage how many line items make a page, for a report's cost before it is rendered
 * @param maxBulkEmailsInFlight the most emails of one tenant's unfinished {@code email-batch} jobs
 *     (queued, scheduled, running or retrying; not dead letters), counted across every API process
 *     from Temporal's visibility; 0 for no cap
 * @param bulkRetryAfter what a 429 for the bulk cap tells the client to wait
 * @param apiProcesses how many API processes share the budgets: each enforces its share (rate and
 *     burst divided by this), so that a load balancer spreading a tenant evenly keeps the tenant at
 *     the configured rates
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AdmissionConfig(
    @Positive double emailsPerSecond,
    @Min(1) long emailBurst,
    @Positive double pagesPerSecond,
    @Min(1) long pageBurst,
    @Min(1) int rowsPerPage,
    @Min(0) long maxBulkEmailsInFlight,
    Duration bulkRetryAfter,
    @Min(1) int apiProcesses) {
  public static final AdmissionConfig DEFAULT =
      new AdmissionConfig(5_000, 100_000, 200, 20_000, 40, 500_000, Duration.ofSeconds(30), 1);

  public AdmissionConfig {
    bulkRetryAfter = bulkRetryAfter == null ? Duration.ofSeconds(30) : bulkRetryAfter;
    apiProcesses = Math.max(1, apiProcesses);
  }
}
