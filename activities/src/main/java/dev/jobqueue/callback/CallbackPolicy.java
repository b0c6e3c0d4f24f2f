package dev.jobqueue.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a callback may go, as one rule for both sides: the API checks a job's {@code callback} when
 * it is submitted, and the delivering activity checks it again, resolving the host anew, before
 * every attempt connects (a name may resolve elsewhere by then). By default only {@code https} to
 * public addresses: never loopback, link-local (the cloud metadata address among them), private
 * (RFC 1918, RFC 6598 shared, IPv6 unique-local), multicast, broadcast or unspecified ones.
 *
 * @param allowHttp also {@code http} (tests, development)
 * @param allowPrivateNetworks any address at all (tests, a private deployment)
 * @param allowedHosts host names allowed whatever they resolve to (lower case, exact)
 */
public record CallbackPolicy(
    boolean allowHttp, boolean allowPrivateNetworks, List<String> allowedHosts) {
  public static final int MAX_URL_LENGTH = 2048;

  public static final CallbackPolicy STRICT = new CallbackPolicy(false, false, List.of());

  public CallbackPolicy {
    allowedHosts =
        allowedHosts == null
            ? List.of()
            : allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
  }

  /** Looks a host's addresses up; the JVM's resolver in production, a table in tests. */
  @FunctionalInterface
  public interface Resolver {
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Why {@code url} may not be a callback; null when it may. */
  public String problem(String url, Resolver resolver) {
    if (url == null || url.isBlank()) {
      return "must be an absolute https URL";
    }
    if (url.length() > MAX_URL_LENGTH) {
      return "must be at most " + MAX_URL_LENGTH + " characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a URL: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      return allowHttp ? "must be an http or https URL" : "must be an https URL";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry credentials (user:password@)";
    }
    if (uri.getRawFragment() != null) {
      return "must not have a fragment (#...)";
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return "must name a host";
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (allowPrivateNetworks || allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
      return null;
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      return "names a host that does not resolve: " + bare;
    }
    for (InetAddress address : addresses) {
      String why = forbidden(address);
      if (why != null) {
        return "leads to "
            + address.getHostAddress()
            + ", "
            + why
            + "; callbacks go to public"
            + " addresses only";
      }
    }
    return null;
  }

  /** What kind of address callbacks may not reach {@code address} is; null for a public one. */
  static String forbidden(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return "an unspecified address";
    }
    if (address.isLoopbackAddress()) {
      return "a loopback address";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local address (cloud metadata among them)";
    }
    if (address.isMulticastAddress()) {
      return "a multicast address";
    }
    if (address.isSiteLocalAddress()) {
      return "a private address";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return "an unspecified address";
      }
      if (first == 100 && second >= 64 && second < 128) {
        return "a shared (carrier-grade NAT) address";
      }
      if (first >= 240) {
        return "a reserved or broadcast address";
      }
    } else if (address instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "a private (unique-local) address";
      }
      if (isMappedOrCompatible(b)) {
        try {
          byte[] v4 = {b[12], b[13], b[14], b[15]};
          return forbidden(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
          throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
      }
    }
    return null;
  }

  /** {@code ::ffff:a.b.c.d} or {@code ::a.b.c.d}: an IPv4 address in IPv6 clothes. */
  private static boolean isMappedOrCompatible(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
  }
}
