package dev.jobqueue.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.ChildProcess;
import dev.jobqueue.testing.FreePorts;
import dev.jobqueue.testing.Tool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scripted relay ({@code src/test/python/chaos_relay.py}, on aiosmtpd) as a process on free
 * ports: a test switches it between accepting mail, deferring it (451), being down (421) and
 * refusing some recipients for good (550), and reads back how often each Message-ID was delivered.
 * The Python is {@code JOBQUEUE_PYTHON} (the venv {@code ./jobqueue test} installs aiosmtpd into);
 * without it, or without aiosmtpd there, {@link #unavailable} says why, for the test to skip.
 */
final class ChaosRelay implements AutoCloseable {
  /** What the relay answers SMTP clients with. */
  enum Mode {
    NORMAL,
    DEFER,
    OUTAGE
  }

  private static final Path SCRIPT = Path.of("src", "test", "python", "chaos_relay.py");

  private final ChildProcess process;
  private final int smtpPort;
  private final int controlPort;

  private ChaosRelay(ChildProcess process, int smtpPort, int controlPort) {
    this.process = process;
    this.smtpPort = smtpPort;
    this.controlPort = controlPort;
  }

  /**
   * Why the relay cannot run here (no {@code JOBQUEUE_PYTHON}, or no aiosmtpd in it), for a skipped
   * test's reason; empty if it can.
   */
  static Optional<String> unavailable(Path logDir) throws IOException, InterruptedException {
    Tool python = Tool.fromEnv("JOBQUEUE_PYTHON");
    if (!python.present()) {
      return Optional.of(python.missing() + " (a Python with aiosmtpd, for the chaos relay)");
    }
    var check =
        Tool.run(
            List.of(python.path(), "-c", "import aiosmtpd"),
            Map.of(),
            60,
            logDir.resolve("chaos-relay-check.log"));
    if (check.exitCode() != 0) {
      return Optional.of(
          "JOBQUEUE_PYTHON ("
              + python.path()
              + ") has no aiosmtpd: pip install it there, or run the tests with ./jobqueue test");
    }
    return Optional.empty();
  }

  /** Starts the relay in normal mode, once it answers on its control port. */
  static ChaosRelay start(Path logDir) throws IOException, InterruptedException {
    unavailable(logDir)
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
    String python = Tool.fromEnv("JOBQUEUE_PYTHON").path();
    int smtpPort = FreePorts.next();
    int controlPort = FreePorts.next();
    var process =
        ChildProcess.start(
            "chaos-relay",
            List.of(
                python,
                SCRIPT.toAbsolutePath().toString(),
                Integer.toString(smtpPort),
                Integer.toString(controlPort)),
            Map.of("PYTHONUNBUFFERED", "1"),
            logDir);
    var relay = new ChaosRelay(process, smtpPort, controlPort);
    try {
      process.awaitReady(() -> "pong".equals(relay.ask("ping")), Duration.ofSeconds(60));
      return relay;
    } catch (RuntimeException | InterruptedException e) {
      relay.close();
      throw e;
    }
  }

  int smtpPort() {
    return smtpPort;
  }

  void mode(Mode mode) throws IOException {
    expectOk(ask("mode " + mode.name().toLowerCase(java.util.Locale.ROOT)));
  }

  /** From now on, 550 for good to every recipient whose address starts with {@code prefix}. */
  void refuse(String prefix) throws IOException {
    expectOk(ask("refuse " + prefix));
  }

  /** How often each Message-ID (angle brackets included) was delivered: 250 at the end of DATA. */
  Map<String, Integer> deliveries() throws IOException {
    var out = new HashMap<String, Integer>();
    counts()
        .path("deliveries")
        .properties()
        .forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }

  /** How often the relay answered {@code code} (421, 451 or 550) so far. */
  int refusals(int code) throws IOException {
    return counts().path("refusals").path(Integer.toString(code)).asInt();
  }

  private JsonNode counts() throws IOException {
    return ApiClient.JSON.readTree(ask("counts"));
  }

  private static void expectOk(String answer) {
    if (!"ok".equals(answer)) {
      throw new IllegalStateException("the chaos relay answered: " + answer);
    }
  }

  /** One command on a connection of its own, and the relay's one-line answer. */
  private String ask(String command) throws IOException {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), controlPort)) {
      socket.setSoTimeout(10_000);
      Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
      out.write(command + "\n");
      out.flush();
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String answer = in.readLine();
      if (answer == null) {
        throw new IOException("the chaos relay hung up on " + command + "; see " + process.log());
      }
      return answer;
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
