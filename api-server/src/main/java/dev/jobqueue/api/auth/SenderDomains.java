package dev.jobqueue.api.auth;

import dev.jobqueue.email.EmailRules;
import dev.jobqueue.rules.Problems;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The domains each tenant may send from: a {@code from} at any other domain would be another
 * sender's identity, on a relay account the tenants share. Configured as {@code tenant=domains}
 * pairs separated by commas, the domains separated by {@code |}, so that one environment variable
 * can hold them: {@code acme=acme.com|.mail.acme.com,globex=globex.example}. A domain matches
 * exactly (ignoring case); one with a leading dot matches its subdomains at any depth, not itself;
 * {@code *} is any domain (for a tenant trusted with every identity the relay may send). Every
 * tenant may send as the default sender, by leaving {@code from} out or by naming its address; a
 * tenant without an entry may send only so.
 */
public final class SenderDomains {
  private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

  /** A host name with at least one dot, as an address's domain must be; or its subdomains. */
  private static final Pattern DOMAIN = Pattern.compile("\\.?" + LABEL + "(?:\\." + LABEL + ")+");

  private static final String ANY = "*";

  private final Map<String, List<String>> domains;
  private final String defaultAddress;

  private SenderDomains(Map<String, List<String>> domains, String defaultAddress) {
    this.domains = Map.copyOf(domains);
    this.defaultAddress = defaultAddress;
  }

  /**
   * Reads {@code acme=acme.com|.mail.acme.com,globex=*}; empty or null: no tenant has domains.
   *
   * @param defaultFrom the sender of messages that name none, as the email workers are configured
   *     with it ({@code jobqueue <noreply@jobqueue.test>} or a plain address)
   * @throws IllegalArgumentException naming the entry that is not {@code tenant=domain|...}, or the
   *     default sender if it is not an address
   */
  public static SenderDomains parse(String text, String defaultFrom) {
    String address = defaultAddress(defaultFrom);
    var domains = new LinkedHashMap<String, List<String>>();
    if (text != null && !text.isBlank()) {
      for (String entry : text.split(",")) {
        String[] parts = entry.trim().split("=", 2);
        String tenant = parts[0].trim();
        List<String> list =
            parts.length == 2
                ? List.of(parts[1].trim().toLowerCase(Locale.ROOT).split("\\s*\\|\\s*", -1))
                : List.of();
        if (!tenant.matches("[A-Za-z0-9._-]{1,64}")
            || list.isEmpty()
            || !list.stream().allMatch(d -> d.equals(ANY) || DOMAIN.matcher(d).matches())) {
          throw new IllegalArgumentException(
              "sender domains '"
                  + entry.trim()
                  + "' are not tenant=domain|domain with host names such as acme.com, .acme.com"
                  + " for its subdomains, or * (example: acme=acme.com|.mail.acme.com,globex=*)");
        }
        if (domains.put(tenant, list) != null) {
          throw new IllegalArgumentException("tenant " + tenant + " has two sender domain entries");
        }
      }
    }
    return new SenderDomains(domains, address);
  }

  /** The addr-spec of {@code jobqueue <noreply@jobqueue.test>} or of a plain address. */
  private static String defaultAddress(String defaultFrom) {
    String value = defaultFrom == null ? "" : defaultFrom.strip();
    int open = value.lastIndexOf('<');
    if (open >= 0 && value.endsWith(">")) {
      value = value.substring(open + 1, value.length() - 1);
    }
    var problem = EmailRules.addressProblem(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          "defaultFrom '" + defaultFrom + "' is not an address: it " + problem.get());
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** The default sender's plain address, lower case. */
  public String defaultAddress() {
    return defaultAddress;
  }

  /**
   * Reports {@code from} at {@code field} unless {@code tenant} may send from it. An absent {@code
   * from} is the default sender; one that is no address at all is left to the address rules.
   */
  public void check(String tenant, String from, String field, Problems p) {
    if (from != null && EmailRules.addressProblem(from).isEmpty()) {
      problem(tenant, from).ifPresent(problem -> p.add(field, problem));
    }
  }

  /** What keeps {@code tenant} from sending from the plain address {@code from}, if anything. */
  public Optional<String> problem(String tenant, String from) {
    String address = from.toLowerCase(Locale.ROOT);
    if (address.equals(defaultAddress)) {
      return Optional.empty();
    }
    String domain = address.substring(address.lastIndexOf('@') + 1);
    List<String> allowed = domains.getOrDefault(tenant, List.of());
    for (String entry : allowed) {
      if (entry.equals(ANY)
          || (entry.startsWith(".") ? domain.endsWith(entry) : domain.equals(entry))) {
        return Optional.empty();
      }
    }
    String asDefault = "leave from out to send as " + defaultAddress;
    if (allowed.isEmpty()) {
      return Optional.of(
          "this tenant has no sender domains: it sends as the default sender only ("
              + asDefault
              + "); its own domains are added to the API's senderDomains setting");
    }
    return Optional.of(
        "must be an address at one of this tenant's sender domains: "
            + String.join(", ", allowed.stream().map(SenderDomains::describe).toList())
            + " ("
            + asDefault
            + ")");
  }

  private static String describe(String entry) {
    return entry.startsWith(".") ? "any subdomain of " + entry.substring(1) : entry;
  }
}
