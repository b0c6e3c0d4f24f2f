package dev.jobqueue.api.coalesce;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * When single {@code email} jobs are coalesced into groups, per API process and per tenant and
 * priority.
 *
 * @param enabled off: every email is a workflow of its own
 * @param minRatePerSecond below this rate (the tenant's and priority's, over the last second, at
 *     this process) each email is its own workflow, visible as such in the Temporal UI; at or above
 *     it emails are grouped. A group costs Temporal what one job does, so the switch sits where one
 *     workflow per email stops being cheap: well below the server's own workflow rate
 * @param maxWait the longest an email waits for others to join its group
 * @param maxEmails a group is started once it holds this many
 * @param maxGroupBytes ... or once its emails' bodies reach this many bytes: a group travels in its
 *     workflow's input, which Temporal holds to 2 MiB
 * @param maxEmailBytes an email larger than this is always a workflow of its own
 * @param maxStartsInFlight group starts a lane has waiting on Temporal at once; while they are all
 *     out, its emails keep joining the next group (up to {@code maxEmails}) instead of each {@code
 *     maxWait} making a group of its own, so groups grow with Temporal's latency rather than adding
 *     to it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CoalescingConfig(
    boolean enabled,
    @PositiveOrZero double minRatePerSecond,
    Duration maxWait,
    @Min(1) @Max(1_000) int maxEmails,
    @Min(1024) @Max(1_500_000) long maxGroupBytes,
    @Min(1) @Max(524_288) long maxEmailBytes,
    @Min(1) @Max(64) int maxStartsInFlight) {
  public static final int DEFAULT_STARTS_IN_FLIGHT = 2;

  public static final CoalescingConfig DEFAULT =
      new CoalescingConfig(
          true, 10, Duration.ofMillis(250), 500, 768 * 1024, 64 * 1024, DEFAULT_STARTS_IN_FLIGHT);

  public CoalescingConfig {
    maxWait = maxWait == null ? Duration.ofMillis(250) : maxWait;
    maxStartsInFlight = maxStartsInFlight == 0 ? DEFAULT_STARTS_IN_FLIGHT : maxStartsInFlight;
  }
}
