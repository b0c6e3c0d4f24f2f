package dev.jobqueue.bench;

import dev.jobqueue.testing.ChildProcess;
import dev.jobqueue.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix's {@code smtp-sink} in its own process on loopback: a real SMTP server that answers every
 * command properly and throws the mail away. With {@code -c} it prints its counters after every
 * message ({@code sess=.. quit=.. mesg=..}, separated by CR); a reader thread keeps the latest
 * message count, so every phase can say how many messages the sink really took.
 */
final class SmtpSink implements AutoCloseable {
  private static final Pattern MESSAGES = Pattern.compile("mesg=(\\d+)");

  /** More than the worker's pool and smtp-source's sessions together. */
  private static final int MAX_CONNECTIONS = 512;

  private final ChildProcess process;
  private final int port;
  private final AtomicLong received = new AtomicLong();

  private SmtpSink(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static SmtpSink start(String binary, Path logDir) throws Exception {
    int port = FreePorts.next();
    List<String> command =
        new ArrayList<>(List.of(binary, "-c", "-m", Integer.toString(MAX_CONNECTIONS)));
    if (ProcStatus.field(ProcessHandle.current().pid(), "Uid").startsWith("0\t")) {
      command.addAll(List.of("-u", "nobody")); // smtp-sink refuses to keep root privileges
    }
    command.addAll(List.of("127.0.0.1:" + port, "1024"));
    Files.createDirectories(logDir);
    Path log = logDir.resolve("smtp-sink.log");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    var sink = new SmtpSink(ChildProcess.of("smtp-sink", p, log), port);
    Thread.ofPlatform()
        .daemon()
        .name("smtp-sink-counter")
        .start(() -> sink.count(p.getInputStream()));
    sink.process.awaitReady(
        () -> {
          new java.net.Socket("127.0.0.1", port).close();
          return true;
        },
        java.time.Duration.ofSeconds(10));
    return sink;
  }

  private void count(InputStream out) {
    var token = new StringBuilder();
    try (out) {
      for (int c; (c = out.read()) >= 0; ) {
        if (c == '\r' || c == '\n') {
          Matcher m = MESSAGES.matcher(token);
          if (m.find()) {
            received.set(Long.parseLong(m.group(1)));
          }
          token.setLength(0);
        } else if (token.length() < 200) {
          token.append((char) c);
        }
      }
    } catch (IOException e) {
      // the sink is gone; the count stays where it was
    }
  }

  int port() {
    return port;
  }

  /** Messages the sink has taken so far (the end of DATA answered 250). */
  long received() {
    return received.get();
  }

  ChildProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
