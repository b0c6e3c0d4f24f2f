package dev.jobqueue.api.auth;

import dev.jobqueue.job.JobPriority;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each tenant's fairness weight, given to Temporal with every one of its jobs: when tenants'
 * backlogs compete on a task queue, a tenant of weight 2 is dispatched twice as often as one of
 * weight 1 (the default). Configured as {@code tenant=weight} pairs separated by commas, so that
 * one environment variable can hold them.
 */
public final class FairnessWeights {
  /** Temporal's own bounds would accept more; beyond a thousand to one, weights mean nothing. */
  static final float MAX_WEIGHT = 1000f;

  private final Map<String, Float> weights;

  private FairnessWeights(Map<String, Float> weights) {
    this.weights = Map.copyOf(weights);
  }

  public static final FairnessWeights NONE = new FairnessWeights(Map.of());

  /**
   * Reads {@code acme=2,globex=0.5}; empty or null is every tenant at the default weight.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code tenant=weight} with a
   *     weight above 0 and at most 1000
   */
  public static FairnessWeights parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    var weights = new LinkedHashMap<String, Float>();
    for (String entry : text.split(",")) {
      String[] parts = entry.trim().split("=", 2);
      float weight;
      try {
        weight = parts.length == 2 ? Float.parseFloat(parts[1].trim()) : Float.NaN;
      } catch (NumberFormatException e) {
        weight = Float.NaN;
      }
      String tenant = parts[0].trim();
      if (!tenant.matches("[A-Za-z0-9._-]{1,64}") || !(weight > 0 && weight <= MAX_WEIGHT)) {
        throw new IllegalArgumentException(
            "fairness weight '"
                + entry.trim()
                + "' is not tenant=weight with a weight above 0 and at most 1000"
                + " (example: acme=2,globex=0.5)");
      }
      if (weights.put(tenant, weight) != null) {
        throw new IllegalArgumentException("tenant " + tenant + " has two fairness weights");
      }
    }
    return new FairnessWeights(weights);
  }

  /** The tenant's weight, or the default. */
  public float of(String tenant) {
    return weights.getOrDefault(tenant, JobPriority.DEFAULT_WEIGHT);
  }
}
