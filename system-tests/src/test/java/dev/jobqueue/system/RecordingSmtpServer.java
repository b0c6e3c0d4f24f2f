package dev.jobqueue.system;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server in the test: it notes when each recipient's message arrived, and refuses (550)
 * the recipients a switchable rule names, so a test can cause a failure and then fix it.
 */
final class RecordingSmtpServer implements AutoCloseable {
  private final SMTPServer server;
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private volatile Predicate<String> refused = address -> false;

  RecordingSmtpServer() {
    server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .maxConnections(1_000)
            .messageHandlerFactory(context -> new Handler())
            .build();
    server.start();
  }

  int port() {
    return server.getPortAllocated();
  }

  /** From now on, refuse the recipients {@code rule} matches with a 550. */
  void refuse(Predicate<String> rule) {
    refused = rule;
  }

  /** When each delivery to {@code address} completed, in epoch millis. */
  List<Long> arrivals(String address) {
    return arrivals.getOrDefault(address, List.of());
  }

  private final class Handler implements MessageHandler {
    private final List<String> recipients = new CopyOnWriteArrayList<>();

    @Override
    public void from(String from) {}

    @Override
    public void recipient(String recipient) throws RejectException {
      if (refused.test(recipient)) {
        throw new RejectException(550, "5.7.1 refused by the test");
      }
      recipients.add(recipient);
    }

    @Override
    public String data(InputStream data) throws java.io.IOException {
      data.transferTo(java.io.OutputStream.nullOutputStream());
      long now = System.currentTimeMillis();
      for (String to : recipients) {
        arrivals.computeIfAbsent(to, k -> new CopyOnWriteArrayList<>()).add(now);
      }
      return null;
    }

    @Override
    public void done() {}
  }

  @Override
  public void close() {
    server.stop();
  }
}
