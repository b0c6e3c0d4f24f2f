package dev.jobqueue.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CheckoutTest {
  @Test
  void findsTheRepositoryAroundTheWorkingDirectory() {
    var checkout = Checkout.find();

    assertThat(checkout.root().resolve("jobqueue")).isRegularFile();
    assertThat(Files.isDirectory(checkout.root().resolve("test-support"))).isTrue();
    assertThat(checkout.config("api-server"))
        .isEqualTo(checkout.root().resolve("api-server/config.yml"));
  }

  @Test
  void aJarNotBuiltYetSaysHowToBuildIt() {
    assertThatThrownBy(() -> Checkout.find().jar("no-such-module"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-module.jar is missing")
        .hasMessageContaining("mvn -DskipTests package");
  }
}
