package dev.jobqueue.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalClientSettingsTest {
  private static final TemporalConfig UNSET = new TemporalConfig(null, null, null);

  @TempDir Path dir;

  /** No variables: no file from the user's home directory either. */
  private Map<String, String> env(String... pairs) throws IOException {
    var env = new HashMap<String, String>();
    env.put("TEMPORAL_CONFIG_FILE", Files.writeString(dir.resolve("empty.toml"), "").toString());
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void plaintextToLocalhostWhenNothingIsSet() throws IOException {
    var settings = TemporalClientSettings.load(UNSET, env());

    assertThat(settings.target()).isEqualTo("localhost:7233");
    assertThat(settings.namespace()).isEqualTo("default");
    assertThat(settings.security()).isEqualTo("plaintext");
    var options = settings.stubsOptions().build();
    assertThat(options.getSslContext()).isNull();
    assertThat(options.getEnableHttps()).isFalse();
    assertThat(options.getGrpcMetadataProviders()).isNullOrEmpty();
  }

  @Test
  void yamlTargetAndNamespaceWinOverTheProfile() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("temporal.toml"),
            """
            [profile.default]
            address = "file-host:7233"
            namespace = "from-file"
            """);

    var fromFile = TemporalClientSettings.load(UNSET, env("TEMPORAL_CONFIG_FILE", toml.toString()));
    var fromYaml =
        TemporalClientSettings.load(
            new TemporalConfig("yaml-host:1234", "from-yaml", null),
            env("TEMPORAL_CONFIG_FILE", toml.toString()));

    assertThat(fromFile.target()).isEqualTo("file-host:7233");
    assertThat(fromFile.namespace()).isEqualTo("from-file");
    assertThat(fromYaml.target()).isEqualTo("yaml-host:1234");
    assertThat(fromYaml.namespace()).isEqualTo("from-yaml");
  }

  @Test
  void apiKeyIsSentAsBearerTokenOverTls() throws IOException {
    var settings = TemporalClientSettings.load(UNSET, env("TEMPORAL_API_KEY", "secret-key"));

    var options = settings.stubsOptions().build();
    assertThat(options.getEnableHttps()).isTrue();
    assertThat(settings.security()).isEqualTo("TLS with an API key").doesNotContain("secret");
    assertThat(authorization(options)).isEqualTo("Bearer secret-key");
  }

  @Test
  void apiKeyWithTlsTurnedOffStaysPlaintext() throws IOException {
    var settings =
        TemporalClientSettings.load(
            UNSET, env("TEMPORAL_API_KEY", "secret-key", "TEMPORAL_TLS", "false"));

    var options = settings.stubsOptions().build();
    assertThat(options.getEnableHttps()).isFalse();
    assertThat(options.getSslContext()).isNull();
    assertThat(settings.security()).isEqualTo("plaintext with an API key");
    assertThat(authorization(options)).isEqualTo("Bearer secret-key");
  }

  @Test
  void tlsTrueGivesTlsWithTheSystemTrustStore() throws IOException {
    var settings = TemporalClientSettings.load(UNSET, env("TEMPORAL_TLS", "true"));

    assertThat(settings.stubsOptions().build().getSslContext()).isNotNull();
    assertThat(settings.security()).isEqualTo("TLS");
  }

  @Test
  void profileFromTheConfigFileByName() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("temporal.toml"),
            """
            [profile.prod]
            address = "prod:7233"
            api_key = "file-key"
            """);

    var settings =
        TemporalClientSettings.load(
            UNSET, env("TEMPORAL_CONFIG_FILE", toml.toString(), "TEMPORAL_PROFILE", "prod"));

    assertThat(settings.target()).isEqualTo("prod:7233");
    assertThat(authorization(settings.stubsOptions().build())).isEqualTo("Bearer file-key");
  }

  @Test
  void rejectsACertificateWithoutItsKey() throws IOException {
    Path cert = Files.writeString(dir.resolve("client.pem"), "not read");

    assertThatThrownBy(
            () ->
                TemporalClientSettings.load(
                    UNSET, env("TEMPORAL_TLS_CLIENT_CERT_PATH", cert.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_CERT_PATH is set")
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_KEY_PATH");
  }

  @Test
  void rejectsAKeyWithoutItsCertificateFromTheConfigFile() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("temporal.toml"),
            """
            [profile.default.tls]
            client_key_path = "/no/such/key.pem"
            """);

    assertThatThrownBy(
            () -> TemporalClientSettings.load(UNSET, env("TEMPORAL_CONFIG_FILE", toml.toString())))
        .hasMessageContaining("tls.client_key_path of the client config file " + toml)
        .hasMessageContaining("TEMPORAL_TLS_CLIENT_CERT_PATH (or tls.client_cert_path");
  }

  @Test
  void namesTheVariableOfAFileThatIsNotThere() throws IOException {
    Path cert = Files.writeString(dir.resolve("client.pem"), "not read");
    Path key = dir.resolve("missing-key.pem");

    assertThatThrownBy(
            () ->
                TemporalClientSettings.load(
                    UNSET,
                    env(
                        "TEMPORAL_TLS_CLIENT_CERT_PATH",
                        cert.toString(),
                        "TEMPORAL_TLS_CLIENT_KEY_PATH",
                        key.toString())))
        .hasMessageStartingWith("TEMPORAL_TLS_CLIENT_KEY_PATH=" + key + ": no such file");
  }

  @Test
  void namesTheServerCaVariableOfAnUnreadableFile() throws IOException {
    Path ca = Files.createDirectory(dir.resolve("ca-dir"));

    assertThatThrownBy(
            () ->
                TemporalClientSettings.load(
                    UNSET, env("TEMPORAL_TLS_SERVER_CA_CERT_PATH", ca.toString())))
        .hasMessageStartingWith("TEMPORAL_TLS_SERVER_CA_CERT_PATH=" + ca + ": cannot be read");
  }

  @Test
  void rejectsPemThatIsNotACertificate() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "this is not PEM");

    assertThatThrownBy(
            () ->
                TemporalClientSettings.load(
                    UNSET, env("TEMPORAL_TLS_SERVER_CA_CERT_PATH", ca.toString())))
        .hasMessageStartingWith("Temporal TLS: cannot make a TLS context")
        .hasMessageContaining("TEMPORAL_TLS_SERVER_CA_CERT_PATH");
  }

  @Test
  void rejectsATlsSwitchThatIsNeitherTrueNorFalse() throws IOException {
    assertThatThrownBy(() -> TemporalClientSettings.load(UNSET, env("TEMPORAL_TLS", "yes")))
        .hasMessage("TEMPORAL_TLS=yes: must be true or false (or unset).");
  }

  @Test
  void rejectsAConfigFileThatIsNotThere() {
    Path missing = dir.resolve("nope.toml");

    assertThatThrownBy(
            () ->
                TemporalClientSettings.load(
                    UNSET, Map.of("TEMPORAL_CONFIG_FILE", missing.toString())))
        .hasMessageStartingWith("TEMPORAL_CONFIG_FILE=" + missing + ": no such file");
  }

  @Test
  void rejectsAProfileTheFileDoesNotHave() throws IOException {
    assertThatThrownBy(() -> TemporalClientSettings.load(UNSET, env("TEMPORAL_PROFILE", "prod")))
        .hasMessageStartingWith("TEMPORAL_PROFILE=prod: ")
        .hasMessageContaining("unset TEMPORAL_PROFILE");
  }

  private static String authorization(io.temporal.serviceclient.WorkflowServiceStubsOptions o) {
    var key = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    return o.getGrpcMetadataProviders().stream()
        .map(p -> p.getMetadata().get(key))
        .filter(v -> v != null)
        .findFirst()
        .orElse(null);
  }
}
