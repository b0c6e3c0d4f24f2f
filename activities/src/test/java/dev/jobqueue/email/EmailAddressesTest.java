package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada@example.com",
        "first.last+tag@mail.example.co.uk",
        "!#$%&'*+/=?^_`{|}~-@example.com",
        "bounce@simulator.jobqueue.test",
        "x@a-b.example"
      })
  void acceptsPlainAddresses(String address) {
    assertThat(EmailRules.addressProblem(address)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ada",
        "ada@",
        "@example.com",
        "ada@localhost",
        "ada@@example.com",
        "a@b@example.com",
        ".ada@example.com",
        "ada.@example.com",
        "a..da@example.com",
        "ada@-example.com",
        "ada@example-.com",
        "ada@example..com",
        "Ada <ada@example.com>",
        "<ada@example.com>",
        "\"ada\"@example.com",
        "ada@example.com (Ada)",
        "ada@example.com, eve@example.com",
        "ada@example.com\r\nBcc: eve@example.com",
        "ada@example.com\n",
        "adä@example.com",
        "ada@exämple.com",
        "ada @example.com",
        "ada@[127.0.0.1]"
      })
  void refusesAnythingButOnePlainAddress(String address) {
    assertThat(EmailRules.addressProblem(address)).isPresent();
  }

  @Test
  void refusesOverlongParts() {
    assertThat(EmailRules.addressProblem("a".repeat(65) + "@example.com")).isPresent();
    String label = "b".repeat(63);
    assertThat(
            EmailRules.addressProblem("a@" + String.join(".", label, label, label, label, "com")))
        .isPresent();
    assertThat(EmailRules.addressProblem("a".repeat(64) + "@example.com")).isEmpty();
  }
}
