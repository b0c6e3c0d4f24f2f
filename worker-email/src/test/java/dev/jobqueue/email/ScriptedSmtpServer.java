package dev.jobqueue.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real SMTP server, small enough to read, whose replies are scripted: like a mail provider's
 * simulator, {@code bounce@...} gets a 550 and {@code tempfail@...} a 451 at RCPT TO, and a test
 * can script any other local part, the reply to MAIL FROM and the reply after DATA (by the
 * message's content, or none: the connection dropped). It speaks EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP and QUIT over a socket on a free port, one virtual thread per connection, and records what
 * it accepted and how many connections it saw.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  /** A message as the server accepted it: the envelope and the raw content. */
  record Received(String from, List<String> recipients, String content) {}

  /** The reply to the end of a message's DATA, chosen by its content. */
  interface EndOfData {
    /** Instead of a reply: close the connection, as a relay that crashes mid-transaction. */
    String DROP = "drop the connection";

    String reply(String content);
  }

  private static final String OK = "250 2.0.0 OK";

  private final ServerSocket serverSocket;
  private final Thread acceptor;
  private final Map<String, Deque<String>> rcptReplies = new ConcurrentHashMap<>();
  private volatile String mailFromReply = "250 2.1.0 sender OK";
  private volatile EndOfData endOfData = content -> "250 2.0.0 queued";
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger maxActive = new AtomicInteger();

  private ScriptedSmtpServer() throws IOException {
    serverSocket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
    replyToRecipient("bounce", "550 5.1.1 mailbox unavailable");
    replyToRecipient("tempfail", "451 4.3.0 try later");
    acceptor = Thread.ofPlatform().daemon().name("scripted-smtp-accept").start(this::acceptLoop);
  }

  /** A server on a free loopback port, with the simulator's replies. */
  static ScriptedSmtpServer start() {
    try {
      return new ScriptedSmtpServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /**
   * RCPT TO for an address whose local part is {@code localPart} gets the replies in turn, the last
   * one from then on: {@code ("451 ...", "250 ...")} defers the first attempt and takes the next.
   */
  ScriptedSmtpServer replyToRecipient(String localPart, String... replies) {
    rcptReplies.put(localPart.toLowerCase(Locale.ROOT), new ArrayDeque<>(List.of(replies)));
    return this;
  }

  ScriptedSmtpServer replyToMailFrom(String reply) {
    mailFromReply = reply;
    return this;
  }

  ScriptedSmtpServer replyToEndOfData(String reply) {
    return replyToEndOfData(content -> reply);
  }

  ScriptedSmtpServer replyToEndOfData(EndOfData script) {
    endOfData = script;
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  int connectionsOpened() {
    return opened.get();
  }

  int maxConcurrentConnections() {
    return maxActive.get();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : open) {
      socket.close();
    }
    try {
      acceptor.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        open.add(socket);
        opened.incrementAndGet();
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        Thread.ofVirtual().name("scripted-smtp-" + socket.getPort()).start(() -> serve(socket));
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      // ISO-8859-1 maps bytes to chars one to one, so content arrives exactly as sent
      var in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      var out = socket.getOutputStream();
      new Conversation(in, out).run();
    } catch (IOException e) {
      // the client went away or close() closed the socket: the conversation is over either way
    } finally {
      open.remove(socket);
      active.decrementAndGet();
    }
  }

  /** One SMTP conversation. */
  private final class Conversation {
    private final BufferedReader in;
    private final OutputStream out;
    private String from;
    private final List<String> recipients = new ArrayList<>();

    Conversation(BufferedReader in, OutputStream out) {
      this.in = in;
      this.out = out;
    }

    void run() throws IOException {
      reply("220 scripted.jobqueue.test ESMTP");
      for (String line; (line = in.readLine()) != null; ) {
        String verb =
            line.length() < 4
                ? line.toUpperCase(Locale.ROOT)
                : line.substring(0, 4).toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO" -> reply("250-scripted.jobqueue.test\r\n250 8BITMIME");
          case "HELO", "NOOP" -> reply(OK);
          case "RSET" -> {
            reset();
            reply(OK);
          }
          case "MAIL" -> mail(argument(line));
          case "RCPT" -> rcpt(argument(line));
          case "DATA" -> data();
          case "QUIT" -> {
            reply("221 2.0.0 bye");
            return;
          }
          default -> reply("502 5.5.2 command not implemented");
        }
      }
    }

    private void mail(String address) throws IOException {
      reset();
      if (isPositive(mailFromReply)) {
        from = address;
      }
      reply(mailFromReply);
    }

    private void rcpt(String address) throws IOException {
      if (from == null) {
        reply("503 5.5.1 MAIL first");
        return;
      }
      String localPart =
          address.substring(0, Math.max(0, address.indexOf('@'))).toLowerCase(Locale.ROOT);
      Deque<String> scripted = rcptReplies.get(localPart);
      String answer = scripted == null ? "250 2.1.5 recipient OK" : next(scripted);
      if (isPositive(answer)) {
        recipients.add(address);
      }
      reply(answer);
    }

    private void data() throws IOException {
      if (recipients.isEmpty()) {
        reply("503 5.5.1 no valid recipients");
        return;
      }
      reply("354 end data with <CRLF>.<CRLF>");
      var content = new StringBuilder();
      for (String line; (line = in.readLine()) != null && !line.equals("."); ) {
        content.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
      }
      String answer = endOfData.reply(content.toString());
      if (EndOfData.DROP.equals(answer)) {
        throw new IOException("dropped by the script"); // serve() closes the socket
      }
      if (isPositive(answer)) {
        received.add(new Received(from, List.copyOf(recipients), content.toString()));
      }
      reply(answer);
      reset();
    }

    private void reset() {
      from = null;
      recipients.clear();
    }

    private void reply(String text) throws IOException {
      out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    private static String next(Deque<String> replies) {
      synchronized (replies) {
        return replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
      }
    }

    private static String argument(String line) {
      int open = line.indexOf('<');
      int close = line.indexOf('>', open + 1);
      return open < 0 || close < 0 ? "" : line.substring(open + 1, close);
    }

    private static boolean isPositive(String reply) {
      return reply.startsWith("2");
    }
  }
}
