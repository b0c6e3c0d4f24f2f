package dev.jobqueue.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackPolicyTest {
  /** Resolves nothing but literals: a test never asks a real DNS server about a name. */
  private static final CallbackPolicy.Resolver PUBLIC_NAMES =
      host -> {
        if (host.equals("hooks.example.com")) {
          return new InetAddress[] {InetAddress.getByName("93.184.215.14")};
        }
        if (host.equals("rebound.example.com")) {
          return new InetAddress[] {
            InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.0.0.7")
          };
        }
        if (host.matches("[0-9.]+|.*:.*")) {
          return new InetAddress[] {InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
      };

  @Test
  void acceptsHttpsToAPublicHost() {
    assertThat(CallbackPolicy.STRICT.problem("https://hooks.example.com/jobs?x=1", PUBLIC_NAMES))
        .isNull();
    assertThat(CallbackPolicy.STRICT.problem("https://93.184.215.14:8443/jobs", PUBLIC_NAMES))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.1.2.3",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "[::1]",
        "[::]",
        "[fe80::1]",
        "[fd00:ec2::254]",
        "[fc00::1]",
        "[ff02::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:169.254.169.254]"
      })
  void refusesLiteralAddressesThatAreNotPublic(String host) {
    assertThat(CallbackPolicy.STRICT.problem("https://" + host + "/hook", PUBLIC_NAMES))
        .startsWith("leads to ");
  }

  @Test
  void refusesAHostNameResolvingToLoopback() {
    // the JVM's own resolver: localhost is 127.0.0.1 (and ::1) on every machine
    assertThat(
            CallbackPolicy.STRICT.problem("https://localhost/hook", CallbackPolicy.Resolver.SYSTEM))
        .startsWith("leads to ")
        .contains("loopback");
  }

  @Test
  void refusesANameWithAnyPrivateAddressAmongItsAddresses() {
    assertThat(CallbackPolicy.STRICT.problem("https://rebound.example.com/", PUBLIC_NAMES))
        .contains("10.0.0.7")
        .contains("private");
  }

  @Test
  void refusesWhatIsNotAnHttpsUrl() {
    assertThat(CallbackPolicy.STRICT.problem("http://hooks.example.com/", PUBLIC_NAMES))
        .isEqualTo("must be an https URL");
    assertThat(CallbackPolicy.STRICT.problem("ftp://hooks.example.com/", PUBLIC_NAMES))
        .isEqualTo("must be an https URL");
    assertThat(CallbackPolicy.STRICT.problem("/relative", PUBLIC_NAMES))
        .isEqualTo("must be an https URL");
    assertThat(CallbackPolicy.STRICT.problem("https://u:p@hooks.example.com/", PUBLIC_NAMES))
        .contains("credentials");
    assertThat(CallbackPolicy.STRICT.problem("https://hooks.example.com/#x", PUBLIC_NAMES))
        .contains("fragment");
    assertThat(CallbackPolicy.STRICT.problem("https://no-such.example/", PUBLIC_NAMES))
        .contains("does not resolve");
    assertThat(CallbackPolicy.STRICT.problem("https://a b/", PUBLIC_NAMES)).startsWith("is not");
    assertThat(
            CallbackPolicy.STRICT.problem(
                "https://hooks.example.com/" + "a".repeat(CallbackPolicy.MAX_URL_LENGTH),
                PUBLIC_NAMES))
        .contains("at most");
  }

  @Test
  void allowsHttpAndPrivateNetworksOnlyWhenConfigured() {
    var dev = new CallbackPolicy(true, true, List.of());
    assertThat(dev.problem("http://127.0.0.1:8080/hook", CallbackPolicy.Resolver.SYSTEM)).isNull();
    assertThat(dev.problem("http://localhost:8080/hook", CallbackPolicy.Resolver.SYSTEM)).isNull();
    var httpOnly = new CallbackPolicy(true, false, List.of());
    assertThat(httpOnly.problem("http://127.0.0.1:8080/hook", PUBLIC_NAMES)).contains("loopback");
    var listed = new CallbackPolicy(false, false, List.of("Hooks.Internal"));
    assertThat(listed.problem("https://hooks.internal/hook", host -> new InetAddress[0])).isNull();
    assertThat(listed.problem("https://other.internal/hook", PUBLIC_NAMES))
        .contains("does not resolve");
  }
}
