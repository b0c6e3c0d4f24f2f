package dev.jobqueue.devsmtp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The local stack's SMTP server. Recipients {@code bounce@simulator.jobqueue.test} get 550, {@code
 * tempfail@…} 451, {@code slow@…} an answer after 5 s; everything else is accepted and written to
 * the mail directory as an {@code .eml} file.
 *
 * <p>Usage: {@code java -jar dev-smtp.jar [port] [mail-dir]} (defaults: {@code SMTP_PORT} or 2525,
 * {@code DEV_SMTP_MAIL_DIR} or {@code var/mail}). Listens on loopback unless {@code DEV_SMTP_BIND}
 * names another address.
 */
public final class DevSmtpServer implements AutoCloseable {
  private final SMTPServer server;
  private final MailDirectory mail;

  private DevSmtpServer(SMTPServer server, MailDirectory mail) {
    this.server = server;
    this.mail = mail;
  }

  public static DevSmtpServer start(int port, Path mailDir, Duration slowDelay) throws IOException {
    return start(InetAddress.getLoopbackAddress(), port, mailDir, slowDelay);
  }

  public static DevSmtpServer start(InetAddress bind, int port, Path mailDir, Duration slowDelay)
      throws IOException {
    var mail = new MailDirectory(mailDir);
    var server =
        SMTPServer.port(port)
            .bindAddress(bind)
            .hostName("localhost")
            .softwareName("jobqueue dev-smtp")
            .executorService(Executors.newVirtualThreadPerTaskExecutor())
            .messageHandlerFactory(context -> new SimulatorHandler(mail, slowDelay))
            .build();
    server.start();
    return new DevSmtpServer(server, mail);
  }

  public int port() {
    return server.getPortAllocated();
  }

  public Path mailDir() {
    return mail.dir();
  }

  @Override
  public void close() {
    server.stop();
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(arg(args, 0, "SMTP_PORT", "2525"));
    Path dir = Path.of(arg(args, 1, "DEV_SMTP_MAIL_DIR", "var/mail"));
    // loopback unless told otherwise (a container publishes it with DEV_SMTP_BIND=0.0.0.0)
    var bind = InetAddress.getByName(arg(new String[0], 0, "DEV_SMTP_BIND", "127.0.0.1"));
    var server = start(bind, port, dir, Duration.ofSeconds(5));
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.printf(
        "dev-smtp listening on localhost:%d, writing mail to %s%n",
        server.port(), dir.toAbsolutePath());
  }

  private static String arg(String[] args, int index, String variable, String fallback) {
    if (args.length > index) {
      return args[index];
    }
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? fallback : value;
  }
}
