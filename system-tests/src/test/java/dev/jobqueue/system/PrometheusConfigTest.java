package dev.jobqueue.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jobqueue.testing.Checkout;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The compose stack's {@code deploy/prometheus/prometheus.yml}, and the alert rules it loads, as
 * Prometheus' own checker reads them. Needs {@code promtool} on the PATH (Debian: apt-get install
 * prometheus); skipped without it.
 */
class PrometheusConfigTest {
  @Test
  void promtoolAcceptsTheConfigAndItsRules() throws Exception {
    Optional<Path> promtool = onPath("promtool");
    assumeTrue(
        promtool.isPresent(), "promtool not on the PATH (Debian: apt-get install prometheus)");
    Path root = Checkout.find().root();
    Process check =
        new ProcessBuilder(
                promtool.get().toString(),
                "check",
                "config",
                root.resolve("deploy/prometheus/prometheus.yml").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(check.exitValue()).as(output).isZero();
    // the rule file is loaded, not only named
    assertThat(output).contains("alerts.yml").contains("rules found");
  }

  static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
