package dev.jobqueue.runtime;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a process connects to Temporal, read the way the Temporal SDKs and the {@code temporal} CLI
 * read it: the SDK's client profile (the TOML file named by {@code TEMPORAL_CONFIG_FILE}, profile
 * {@code TEMPORAL_PROFILE}, then the {@code TEMPORAL_*} variables over it: address, namespace, API
 * key, TLS and mutual TLS), with the YAML's {@code temporal.target} and {@code temporal.namespace}
 * over that when they are set. An API key turns TLS on unless TLS is turned off, as for Temporal
 * Cloud. Everything is checked here, at start-up, so that a wrong path or a certificate without its
 * key stops the process with a message naming the setting instead of a connection that never
 * succeeds.
 */
public final class TemporalClientSettings {
  static final String DEFAULT_TARGET = "localhost:7233";
  static final String DEFAULT_NAMESPACE = "default";

  private final String target;
  private final String namespace;
  private final String security;
  private final WorkflowServiceStubsOptions options;

  private TemporalClientSettings(
      String target, String namespace, String security, WorkflowServiceStubsOptions options) {
    this.target = target;
    this.namespace = namespace;
    this.security = security;
    this.options = options;
  }

  /** The settings from {@code config} and this process's environment. */
  public static TemporalClientSettings load(TemporalConfig config) {
    return load(config, System.getenv());
  }

  /**
   * The settings from {@code config} and {@code env}.
   *
   * @throws IllegalArgumentException naming the setting that is wrong and what to do about it
   */
  public static TemporalClientSettings load(TemporalConfig config, Map<String, String> env) {
    checkConfigFile(env);
    checkBoolean(env, "TEMPORAL_TLS");
    checkBoolean(env, "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION");
    ClientConfigProfile profile = profile(env);
    ClientConfigTLS tls = profile.getTls();
    boolean tlsOn = tls != null && !Boolean.TRUE.equals(tls.isDisabled());
    boolean apiKey = notBlank(profile.getApiKey());
    if (tlsOn) {
      checkTlsFiles(tls, env);
    }
    WorkflowServiceStubsOptions options;
    try {
      options = profile.toWorkflowServiceStubsOptions();
      if (tls != null && Boolean.TRUE.equals(tls.isDisabled())) {
        // TLS turned off on purpose (a local proxy): the stubs would turn it on for an API key
        options = WorkflowServiceStubsOptions.newBuilder(options).setEnableHttps(false).build();
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Temporal TLS: cannot make a TLS context from the certificate, key and CA given ("
              + names(env)
              + "): "
              + rootMessage(e)
              + ". Each must be a PEM file: the certificate and the CA as CERTIFICATE blocks, the"
              + " key as a PKCS#8 PRIVATE KEY block.",
          e);
    }
    String target = firstNotBlank(config.target(), profile.getAddress(), DEFAULT_TARGET);
    String namespace = firstNotBlank(config.namespace(), profile.getNamespace(), DEFAULT_NAMESPACE);
    return new TemporalClientSettings(
        target, namespace, security(tlsOn, tls, apiKey, options), options);
  }

  /** A builder of the stubs' options: TLS, API key and target set; the caller adds the rest. */
  public WorkflowServiceStubsOptions.Builder stubsOptions() {
    return WorkflowServiceStubsOptions.newBuilder(options).setTarget(target);
  }

  /** The frontend's {@code host:port}. */
  public String target() {
    return target;
  }

  public String namespace() {
    return namespace;
  }

  /**
   * How the connection is secured, for logs and health checks: {@code plaintext}, {@code TLS},
   * {@code mutual TLS}, each maybe {@code with an API key}. Never the key.
   */
  public String security() {
    return security;
  }

  private static String security(
      boolean tlsOn, ClientConfigTLS tls, boolean apiKey, WorkflowServiceStubsOptions options) {
    String transport;
    if (tlsOn) {
      transport =
          notBlank(tls.getClientCertPath()) || present(tls.getClientCertData())
              ? "mutual TLS"
              : "TLS";
    } else {
      transport = options.getEnableHttps() ? "TLS" : "plaintext";
    }
    return apiKey ? transport + " with an API key" : transport;
  }

  private static ClientConfigProfile profile(Map<String, String> env) {
    var options = LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env);
    try {
      try {
        return ClientConfigProfile.load(options.build());
      } catch (NullPointerException e) {
        // the SDK (1.38) fails so on a file without a [profile] table: take it for no profiles
        if (notBlank(env.get("TEMPORAL_PROFILE"))) {
          throw new IllegalArgumentException("the file has no profiles", e);
        }
        return ClientConfigProfile.load(options.setDisableFile(true).build());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Temporal client config file "
              + configFile(env)
              + " cannot be read: "
              + rootMessage(e)
              + ". Fix its TOML, or point TEMPORAL_CONFIG_FILE at another file.",
          e);
    } catch (IllegalArgumentException e) {
      // the one the SDK throws here: TEMPORAL_PROFILE names a profile the file does not have
      throw new IllegalArgumentException(
          "TEMPORAL_PROFILE="
              + env.get("TEMPORAL_PROFILE")
              + ": "
              + e.getMessage()
              + " ("
              + configFile(env)
              + "). Name a [profile.NAME] of that file, or unset TEMPORAL_PROFILE.",
          e);
    }
  }

  private static String configFile(Map<String, String> env) {
    String file = env.get("TEMPORAL_CONFIG_FILE");
    return notBlank(file) ? file : "(the default: ~/.config/temporalio/temporal.toml)";
  }

  /** The SDK takes a missing file for no file: a path set on purpose must be there. */
  private static void checkConfigFile(Map<String, String> env) {
    String file = env.get("TEMPORAL_CONFIG_FILE");
    if (notBlank(file)) {
      checkReadable("TEMPORAL_CONFIG_FILE", file, "the Temporal client config file (TOML)");
    }
  }

  /** The SDK reads anything but {@code true} as false: a typo would turn TLS off quietly. */
  private static void checkBoolean(Map<String, String> env, String variable) {
    String value = env.get(variable);
    if (notBlank(value)) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(
            variable + "=" + value + ": must be true or false (or unset).");
      }
    }
  }

  private static void checkTlsFiles(ClientConfigTLS tls, Map<String, String> env) {
    boolean cert = notBlank(tls.getClientCertPath()) || present(tls.getClientCertData());
    boolean key = notBlank(tls.getClientKeyPath()) || present(tls.getClientKeyData());
    if (cert != key) {
      String has = cert ? "TEMPORAL_TLS_CLIENT_CERT_PATH" : "TEMPORAL_TLS_CLIENT_KEY_PATH";
      String lacks = cert ? "TEMPORAL_TLS_CLIENT_KEY_PATH" : "TEMPORAL_TLS_CLIENT_CERT_PATH";
      throw new IllegalArgumentException(
          "Temporal mutual TLS: "
              + name(env, has)
              + " is set but "
              + lacks
              + " (or "
              + tomlKey(lacks)
              + " in the client config file)"
              + " is not. A client certificate needs its private key: set both, or neither"
              + " for TLS without a client certificate.");
    }
    if (notBlank(tls.getClientCertPath())) {
      checkReadable(
          name(env, "TEMPORAL_TLS_CLIENT_CERT_PATH"),
          tls.getClientCertPath(),
          "the client certificate (PEM)");
    }
    if (notBlank(tls.getClientKeyPath())) {
      checkReadable(
          name(env, "TEMPORAL_TLS_CLIENT_KEY_PATH"),
          tls.getClientKeyPath(),
          "the client certificate's private key (PEM, PKCS#8)");
    }
    if (notBlank(tls.getServerCACertPath())) {
      checkReadable(
          name(env, "TEMPORAL_TLS_SERVER_CA_CERT_PATH"),
          tls.getServerCACertPath(),
          "the CA certificate(s) that signed the server's certificate (PEM)");
    }
  }

  private static void checkReadable(String setting, String file, String what) {
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(setting + "=" + file + " is not a path: " + what + ".");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException(
          setting
              + "="
              + file
              + ": "
              + (Files.exists(path) ? "cannot be read" : "no such file")
              + " (from "
              + Path.of("").toAbsolutePath()
              + "). It must name "
              + what
              + ", readable by this process.");
    }
  }

  /** The variable, or the TOML key that set the same thing when the variable is not set. */
  private static String name(Map<String, String> env, String variable) {
    if (notBlank(env.get(variable))) {
      return variable;
    }
    return tomlKey(variable) + " of the client config file " + configFile(env);
  }

  /** {@code TEMPORAL_TLS_CLIENT_KEY_PATH} is {@code tls.client_key_path} in the TOML file. */
  private static String tomlKey(String variable) {
    return "tls." + variable.substring("TEMPORAL_TLS_".length()).toLowerCase(Locale.ROOT);
  }

  private static String names(Map<String, String> env) {
    List<String> names = new ArrayList<>();
    for (String variable :
        List.of(
            "TEMPORAL_TLS_CLIENT_CERT_PATH",
            "TEMPORAL_TLS_CLIENT_KEY_PATH",
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
            "TEMPORAL_TLS_CLIENT_CERT_DATA",
            "TEMPORAL_TLS_CLIENT_KEY_DATA",
            "TEMPORAL_TLS_SERVER_CA_CERT_DATA")) {
      if (notBlank(env.get(variable))) {
        names.add(variable);
      }
    }
    return names.isEmpty() ? "the client config file " + configFile(env) : String.join(", ", names);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
  }

  private static boolean present(byte[] data) {
    return data != null && data.length > 0;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static String firstNotBlank(String... values) {
    for (String value : values) {
      if (notBlank(value)) {
        return value;
      }
    }
    throw new IllegalStateException("no default");
  }
}
