package dev.jobqueue.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpConfigTest {
  /** Read the way Dropwizard reads a config group. */
  private static SmtpConfig yaml(String yaml) throws Exception {
    return Jackson.newObjectMapper(new YAMLFactory()).readValue(yaml, SmtpConfig.class);
  }

  @Test
  void readsYamlAndFillsDefaults() throws Exception {
    SmtpConfig config = yaml("defaultFrom: Billing <billing@example.com>\n");

    assertThat(config.host()).isEqualTo("localhost");
    assertThat(config.port()).isEqualTo(2525);
    assertThat(config.auth()).isFalse();
    assertThat(config.startTls()).isFalse();
    assertThat(config.messageIdDomain()).isEqualTo("example.com");
    assertThat(config.poolSize()).isEqualTo(SmtpConfig.DEFAULT_POOL_SIZE);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsARelayWithLoginAndTls() throws Exception {
    SmtpConfig config =
        yaml(
            """
            host: smtp.example.net
            port: 587
            username: mailer
            password: s3cret
            startTls: true
            defaultFrom: billing@example.com
            messageIdDomain: mail.example.com
            poolSize: 64
            connectTimeout: PT5S
            readTimeout: PT1M
            someFutureSetting: true
            """);

    assertThat(config.auth()).as("auth follows the username").isTrue();
    assertThat(config.messageIdDomain()).isEqualTo("mail.example.com");
    assertThat(config.poolSize()).isEqualTo(64);
    try (var sockets = new SocketWatchdog(config.readTimeout())) {
      assertThat(SmtpTransportPool.sessionProperties(config, sockets))
          .containsEntry("mail.smtp.host", "smtp.example.net")
          .containsEntry("mail.smtp.port", "587")
          .containsEntry("mail.smtp.auth", "true")
          .containsEntry("mail.smtp.starttls.enable", "true")
          .containsEntry("mail.smtp.starttls.required", "true")
          .containsEntry("mail.smtp.connectiontimeout", "5000")
          .containsEntry("mail.smtp.socketFactory", sockets)
          .containsEntry("mail.smtp.socketFactory.fallback", "false")
          .doesNotContainKeys("mail.smtp.timeout", "mail.smtp.writetimeout")
          .containsEntry("mail.smtp.sendpartial", "true");
    }
  }

  @Test
  void treatsEmptyCredentialsFromTheEnvironmentAsNone() throws Exception {
    // what "${SMTP_USERNAME:-}" and "${SMTP_PASSWORD:-}" become when the variables are unset
    SmtpConfig config = yaml("defaultFrom: a@example.com\nusername: ''\npassword: ''\n");

    assertThat(config.username()).isNull();
    assertThat(config.password()).isNull();
    assertThat(config.auth()).isFalse();
  }

  @Test
  void neverPrintsThePassword() throws Exception {
    SmtpConfig config = yaml("defaultFrom: a@example.com\nusername: u\npassword: s3cret\n");

    assertThat(config.toString()).doesNotContain("s3cret").contains("password=****");
  }

  @Test
  void refusesSettingsThatCannotWork() {
    assertThatThrownBy(() -> SmtpConfig.openRelay("localhost", 25, null))
        .hasMessageContaining("defaultFrom");
    assertThatThrownBy(() -> SmtpConfig.openRelay("localhost", 25, "not an address"))
        .hasMessageContaining("defaultFrom");
    assertThatThrownBy(() -> SmtpConfig.openRelay("localhost", 70000, "a@example.com"))
        .hasMessageContaining("port");
    assertThatThrownBy(
            () ->
                new SmtpConfig(
                    "h", 25, null, null, false, true, "a@example.com", null, 0, null, null))
        .hasMessageContaining("auth needs a username");
    assertThatThrownBy(
            () ->
                new SmtpConfig(
                    "h",
                    25,
                    null,
                    null,
                    false,
                    null,
                    "a@example.com",
                    "bad domain>",
                    0,
                    null,
                    null))
        .hasMessageContaining("messageIdDomain");
    assertThatThrownBy(
            () ->
                new SmtpConfig(
                    "h",
                    25,
                    null,
                    null,
                    false,
                    null,
                    "a@example.com",
                    null,
                    0,
                    Duration.ZERO,
                    null))
        .hasMessageContaining("connectTimeout");
  }
}
