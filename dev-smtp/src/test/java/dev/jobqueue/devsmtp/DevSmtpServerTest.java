package dev.jobqueue.devsmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSmtpServerTest {
  private static final Duration SLOW = Duration.ofMillis(300);

  @TempDir Path mailDir;
  private DevSmtpServer server;
  private Session session;

  @BeforeEach
  void start() throws Exception {
    server = DevSmtpServer.start(0, mailDir, SLOW);
    var props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", Integer.toString(server.port()));
    session = Session.getInstance(props);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void send(String to, String subject) throws MessagingException {
    var message = new MimeMessage(session);
    message.setFrom(new InternetAddress("app@example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject(subject);
    message.setText("hello");
    Transport.send(message);
  }

  private List<Path> eml() throws Exception {
    try (var files = Files.list(mailDir)) {
      return files.filter(f -> f.toString().endsWith(".eml")).toList();
    }
  }

  @Test
  void writesAcceptedMailAsEmlFiles() throws Exception {
    send("ada@example.com", "Invoice 42");

    assertThat(eml()).hasSize(1);
    try (InputStream in = Files.newInputStream(eml().get(0))) {
      var stored = new MimeMessage(session, in);
      assertThat(stored.getSubject()).isEqualTo("Invoice 42");
      assertThat(stored.getAllRecipients())
          .extracting(Object::toString)
          .containsExactly("ada@example.com");
    }
  }

  @Test
  void bouncesTheBounceAddressWith550() {
    assertThatThrownBy(() -> send("bounce@simulator.jobqueue.test", "x"))
        .hasCauseInstanceOf(SMTPAddressFailedException.class)
        .cause()
        .satisfies(
            e -> assertThat(((SMTPAddressFailedException) e).getReturnCode()).isEqualTo(550));
  }

  @Test
  void defersTheTempfailAddressWith451() throws Exception {
    assertThatThrownBy(() -> send("tempfail@simulator.jobqueue.test", "x"))
        .hasCauseInstanceOf(SMTPAddressFailedException.class)
        .cause()
        .satisfies(
            e -> assertThat(((SMTPAddressFailedException) e).getReturnCode()).isEqualTo(451));
    assertThat(eml()).isEmpty();
  }

  @Test
  void answersTheSlowAddressLate() throws Exception {
    long started = System.nanoTime();
    send("slow@simulator.jobqueue.test", "x");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(SLOW);
    assertThat(eml()).hasSize(1);
  }
}
