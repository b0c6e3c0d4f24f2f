package dev.jobqueue.api.callbacks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jobqueue.callback.CallbackPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Completion callbacks: the {@code callbacks} group of the API's configuration. Read by the API (a
 * job's {@code callback} is checked when it is submitted) and by the control worker's delivering
 * activity (the same checks again, and the tenant's secret), both in the API process.
 *
 * @param allowHttp also plain {@code http} URLs (tests, development)
 * @param allowPrivateNetworks callbacks to any address: loopback, private, link-local (tests, a
 *     closed deployment); off, only public addresses are reached
 * @param allowedHosts host names allowed whatever they resolve to, separated by commas
 * @param secrets each tenant's signing secret, {@code tenant=secret} separated by commas (secrets
 *     of 16 to 256 characters without commas); a tenant without one cannot ask for callbacks. Only
 *     from the environment.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallbackConfig(
    boolean allowHttp, boolean allowPrivateNetworks, String allowedHosts, String secrets) {
  public static final CallbackConfig DEFAULT = new CallbackConfig(false, false, "", "");

  public CallbackConfig {
    allowedHosts = allowedHosts == null ? "" : allowedHosts;
    secrets = secrets == null ? "" : secrets;
    parseSecrets(secrets); // fails the configuration early, naming the entry by position
  }

  /** Where callbacks may go. */
  @JsonIgnore
  public CallbackPolicy policy() {
    var hosts =
        Arrays.stream(allowedHosts.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
    return new CallbackPolicy(allowHttp, allowPrivateNetworks, hosts);
  }

  /** The tenant's signing secret; null when it has none. */
  public String secretOf(String tenant) {
    return parseSecrets(secrets).get(tenant);
  }

  private static Map<String, String> parseSecrets(String text) {
    var all = new HashMap<String, String>();
    if (text.isBlank()) {
      return all;
    }
    List<String> entries = List.of(text.split(","));
    for (int i = 0; i < entries.size(); i++) {
      String[] parts = entries.get(i).trim().split("=", 2);
      if (parts.length != 2
          || !parts[0].trim().matches("[A-Za-z0-9._-]{1,64}")
          || parts[1].trim().length() < 16
          || parts[1].trim().length() > 256) {
        // named by position: the entry holds a secret
        throw new IllegalArgumentException(
            "callbacks.secrets entry "
                + (i + 1)
                + " is not tenant=secret (a secret of 16 to 256 characters); entries are"
                + " separated by commas");
      }
      all.put(parts[0].trim(), parts[1].trim());
    }
    return all;
  }

  /** Never prints the secrets. */
  @Override
  public String toString() {
    return "CallbackConfig[allowHttp="
        + allowHttp
        + ", allowPrivateNetworks="
        + allowPrivateNetworks
        + ", allowedHosts="
        + allowedHosts
        + ", secrets=("
        + parseSecrets(secrets).size()
        + " tenants)]";
  }
}
