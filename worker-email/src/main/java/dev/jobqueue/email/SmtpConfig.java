package dev.jobqueue.email;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the email fleet reaches its SMTP relay: the {@code smtp:} group of the worker's YAML. Absent
 * fields take the defaults below, so a dev config needs little more than {@code defaultFrom}.
 * Durations are ISO-8601 ({@code PT10S}), as everywhere else in the product.
 *
 * @param host the relay; default {@code localhost}
 * @param port default 2525, the dev SMTP server
 * @param username null for an open relay
 * @param password from the environment, never from the YAML file
 * @param startTls upgrade with STARTTLS and refuse to go on in plain text if the relay can't
 * @param auth whether to log in; when absent, true exactly when a username is given
 * @param defaultFrom the sender of messages that name none
 * @param messageIdDomain the right-hand side of every {@code Message-ID}; default: the domain of
 *     {@code defaultFrom}
 * @param poolSize at most this many open connections; default 16
 * @param connectTimeout default 10 s
 * @param readTimeout for every read and write on a connection; default 30 s
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmtpConfig(
    String host,
    int port,
    String username,
    String password,
    boolean startTls,
    Boolean auth,
    String defaultFrom,
    String messageIdDomain,
    int poolSize,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final int DEFAULT_POOL_SIZE = 16;

  // a dot-atom of DNS labels: enough for any real domain, and nothing that could break the header
  private static final Pattern DOMAIN =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

  public SmtpConfig {
    host = blankToNull(host) == null ? "localhost" : host.strip();
    port = port == 0 ? 2525 : port;
    username = blankToNull(username);
    // "${SMTP_PASSWORD:-}" substitutes an empty string when the variable is unset
    password = blankToNull(password);
    auth = auth == null ? username != null : auth;
    poolSize = poolSize == 0 ? DEFAULT_POOL_SIZE : poolSize;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;

    require(port > 0 && port <= 65535, "port must be in 1..65535: " + port);
    require(!auth || username != null, "auth needs a username");
    require(poolSize > 0, "poolSize must be positive: " + poolSize);
    require(isPositive(connectTimeout), "connectTimeout must be positive: " + connectTimeout);
    require(isPositive(readTimeout), "readTimeout must be positive: " + readTimeout);
    require(blankToNull(defaultFrom) != null, "defaultFrom is required");
    String fromAddress;
    try {
      var parsed = Addresses.parse("defaultFrom", defaultFrom);
      defaultFrom = parsed.toUnicodeString();
      fromAddress = parsed.getAddress();
    } catch (InvalidMessageException e) {
      throw new IllegalArgumentException("smtp: " + e.getMessage(), e);
    }
    if (blankToNull(messageIdDomain) == null) {
      messageIdDomain = fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
    }
    require(
        DOMAIN.matcher(messageIdDomain).matches(),
        "messageIdDomain must be a plain domain name: " + messageIdDomain);
  }

  /** An open relay at {@code host:port} with every other setting at its default. */
  public static SmtpConfig openRelay(String host, int port, String defaultFrom) {
    return new SmtpConfig(host, port, null, null, false, null, defaultFrom, null, 0, null, null);
  }

  /** This config with another pool size. */
  public SmtpConfig withPoolSize(int size) {
    return new SmtpConfig(
        host,
        port,
        username,
        password,
        startTls,
        auth,
        defaultFrom,
        messageIdDomain,
        size,
        connectTimeout,
        readTimeout);
  }

  /** {@link #defaultFrom()} as Jakarta Mail takes it. */
  public jakarta.mail.internet.InternetAddress defaultFromAddress() {
    try {
      return Addresses.parse("defaultFrom", defaultFrom);
    } catch (InvalidMessageException e) {
      throw new IllegalStateException("checked when the config was read", e);
    }
  }

  /** Never prints the password: configs end up in logs. */
  @Override
  public String toString() {
    return "SmtpConfig[host=%s, port=%d, username=%s, password=%s, startTls=%s, auth=%s, defaultFrom=%s, messageIdDomain=%s, poolSize=%d, connectTimeout=%s, readTimeout=%s]"
        .formatted(
            host,
            port,
            username,
            password == null ? null : "****",
            startTls,
            auth,
            defaultFrom,
            messageIdDomain,
            poolSize,
            connectTimeout,
            readTimeout);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static boolean isPositive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("smtp: " + message);
    }
  }
}
