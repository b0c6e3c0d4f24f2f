package dev.jobqueue.system;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server in the test: it notes when each recipient's message arrived and each
 * Message-ID it took, refuses (550) the recipients a switchable rule names, so a test can cause a
 * failure and then fix it, and can answer 451 at the end of DATA to a share of the messages, like a
 * greylisting or overloaded relay: each try of each message has that chance, decided from the
 * Message-ID and the try's number, so a run repeats.
 */
final class RecordingSmtpServer implements AutoCloseable {
  private final SMTPServer server;
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
  private volatile Predicate<String> refused = address -> false;
  private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
  private final AtomicInteger deferrals = new AtomicInteger();
  private volatile double tempfailShare;

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

  /** From now on, answer 451 at the end of DATA to this share (0 to 1) of the tries. */
  void tempfail(double share) {
    tempfailShare = share;
  }

  /** How often each Message-ID was taken (250 at the end of DATA). */
  Map<String, Integer> messageIds() {
    var out = new java.util.HashMap<String, Integer>();
    taken.forEach((id, n) -> out.put(id, n.get()));
    return out;
  }

  /** Tries answered 451 so far. */
  int deferrals() {
    return deferrals.get();
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

    /**
     * Whether this try is in the deferred share. Each (message, try) pair is mixed through a seeded
     * generator, so consecutive tries of one message are independent: a string hash of "id#n" moves
     * by one per try and would defer the same message dozens of times in a row.
     */
    private boolean deferred(String messageId, int attempt) {
      long seed = ((long) messageId.hashCode() << 32) ^ attempt;
      return new java.util.SplittableRandom(seed).nextDouble() < tempfailShare;
    }

    @Override
    public String data(InputStream data) throws java.io.IOException, RejectException {
      String messageId = messageId(data);
      if (messageId != null && tempfailShare > 0) {
        int attempt = tries.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
        if (deferred(messageId, attempt)) {
          deferrals.incrementAndGet();
          throw new RejectException(451, "4.3.0 try again later (the test's share)");
        }
      }
      if (messageId != null) {
        taken.computeIfAbsent(messageId, k -> new AtomicInteger()).incrementAndGet();
      }
      long now = System.currentTimeMillis();
      for (String to : recipients) {
        arrivals.computeIfAbsent(to, k -> new CopyOnWriteArrayList<>()).add(now);
      }
      return null;
    }

    @Override
    public void done() {}
  }

  /** The Message-ID header of the message on {@code data}, read to its end. */
  private static String messageId(InputStream data) throws java.io.IOException {
    var reader =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(data, java.nio.charset.StandardCharsets.UTF_8));
    String id = null;
    boolean headers = true;
    for (String line; (line = reader.readLine()) != null; ) {
      if (headers && line.isEmpty()) {
        headers = false;
      } else if (headers && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
        id = line.substring(11).strip();
      }
    }
    return id;
  }

  @Override
  public void close() {
    server.stop();
  }
}
