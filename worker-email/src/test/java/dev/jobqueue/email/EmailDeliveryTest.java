package dev.jobqueue.email;

import static dev.jobqueue.email.ActivityHarness.job;
import static dev.jobqueue.email.ActivityHarness.textTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.jobqueue.ErrorType;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The email activity against GreenMail, a real SMTP server, started fresh for every test. */
class EmailDeliveryTest {
  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private ActivityHarness harness;

  @BeforeEach
  void startActivity() {
    harness = new ActivityHarness(greenMail.getSmtp().getPort());
  }

  @AfterEach
  void stopActivity() {
    harness.close();
  }

  @Test
  void deliversContentHeadersAndMessageId() throws Exception {
    var message =
        new EmailMessage(
            List.of("alice@example.org"),
            List.of("carol@example.org"),
            List.of("bob@example.org"),
            null,
            "support@example.com",
            "Your invoice, Grüße ✓",
            "Plain body",
            "<p>HTML body</p>",
            Map.of("X-Campaign", "spring-2026"));

    SendEmailResult result = harness.send(job("job-1", message));

    assertThat(result.messageId()).isEqualTo("<acme.job-1@example.com>");
    assertThat(result.accepted())
        .containsExactly("alice@example.org", "carol@example.org", "bob@example.org");
    assertThat(result.rejected()).isEmpty();
    assertThat(greenMail.getReceivedMessages()).hasSize(3);
    for (String mailbox : List.of("alice@example.org", "carol@example.org", "bob@example.org")) {
      assertThat(inbox(mailbox)).as(mailbox).hasSize(1);
    }
    MimeMessage received = inbox("bob@example.org").getFirst();
    assertThat(received.getMessageID()).isEqualTo(result.messageId());
    assertThat(received.getSubject()).isEqualTo("Your invoice, Grüße ✓");
    assertThat(received.getFrom()).containsExactly(new InternetAddress("jobs@example.com", "Jobs"));
    assertThat(received.getReplyTo()).containsExactly(new InternetAddress("support@example.com"));
    assertThat(addresses(received.getRecipients(RecipientType.TO)))
        .containsExactly("alice@example.org");
    assertThat(addresses(received.getRecipients(RecipientType.CC)))
        .containsExactly("carol@example.org");
    assertThat(received.getHeader("Bcc")).as("Bcc stays off the wire").isNull();
    assertThat(received.getHeader("X-Campaign")).containsExactly("spring-2026");
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    var parts = (MimeMultipart) received.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
    assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Plain body");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>HTML body</p>");
  }

  @Test
  void putsOneClickUnsubscribeHeadersOnTheMessage() throws Exception {
    String link = "<https://acme.example/unsubscribe/u-17?list=news>";
    var message =
        withHeaders(
            List.of("alice@example.org"),
            Map.of(
                "List-Unsubscribe",
                link + ", <mailto:unsubscribe@acme.example>",
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click"));

    harness.send(job("job-1", message));

    MimeMessage received = inbox("alice@example.org").getFirst();
    // folded at the comma to keep the line short, which a reader unfolds
    assertThat(received.getHeader("List-Unsubscribe")).hasSize(1);
    assertThat(MimeUtility.unfold(received.getHeader("List-Unsubscribe", null)))
        .isEqualTo(link + ", <mailto:unsubscribe@acme.example>");
    assertThat(received.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    var names = new ArrayList<String>();
    received.getAllHeaders().asIterator().forEachRemaining(h -> names.add(h.getName()));
    assertThat(names)
        .as("written in their registered spelling")
        .contains("List-Unsubscribe", "List-Unsubscribe-Post");
  }

  @Test
  void refusesProviderControlHeadersWhateverTheirInputCameThrough() {
    var message =
        withHeaders(
            List.of("alice@example.org"), Map.of("x-smtpapi", "{\"to\": [\"eve@evil.test\"]}"));

    ApplicationFailure failure = harness.failureOf(job("job-1", message));

    assertThat(failure.getType()).isEqualTo(ErrorType.InvalidMessage.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("headers.x-smtpapi:");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void givesEachJobItsOwnMessageIdAndRepeatsItOnRedelivery() throws Exception {
    String first = harness.send(textTo("job-1", "dave@example.org")).messageId();
    String redelivered = harness.send(textTo("job-1", "dave@example.org")).messageId();
    String other = harness.send(textTo("job-2", "dave@example.org")).messageId();

    assertThat(redelivered).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(inbox("dave@example.org"))
        .extracting(MimeMessage::getMessageID)
        .containsExactly(first, first, other);
  }

  static Stream<Arguments> injections() {
    var to = List.of("alice@example.org");
    return Stream.of(
        Arguments.of("subject", EmailMessage.text(to, "Hello\r\nBcc: victim@example.com", "body")),
        Arguments.of("subject", EmailMessage.text(to, "Hello\nBcc: victim@example.com", "body")),
        Arguments.of(
            "headers.X-Note", withHeaders(to, Map.of("X-Note", "fine\r\nBcc: victim@example.com"))),
        Arguments.of("headers.Bcc", withHeaders(to, Map.of("Bcc", "victim@example.com"))),
        Arguments.of(
            "headers.X-Note\r\nBcc",
            withHeaders(to, Map.of("X-Note\r\nBcc", "victim@example.com"))),
        Arguments.of(
            "to[0]",
            EmailMessage.text(
                List.of("alice@example.org\r\nBcc: victim@example.com"), "Hello", "body")),
        Arguments.of(
            "replyTo",
            new EmailMessage(
                to,
                null,
                null,
                null,
                "a@example.org\nBcc: victim@example.com",
                "Hi",
                "body",
                null,
                null)),
        Arguments.of(
            "from",
            new EmailMessage(
                to,
                null,
                null,
                "a@example.org\r\nBcc: victim@example.com",
                null,
                "Hi",
                "body",
                null,
                null)));
  }

  @ParameterizedTest
  @MethodSource("injections")
  void rejectsHeaderInjection(String field, EmailMessage message) {
    ApplicationFailure failure = harness.failureOf(job("job-1", message));

    assertThat(failure.getType()).isEqualTo(ErrorType.InvalidMessage.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith(field + ":");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
    assertThat(inbox("victim@example.com")).isEmpty();
  }

  static Stream<Arguments> invalidAddresses() {
    var ok = "alice@example.org";
    return Stream.of(
        Arguments.of("to[0]", List.of("not an address"), List.of()),
        Arguments.of("to[1]", List.of(ok, "alice@example.org, eve@example.org"), List.of()),
        Arguments.of("to[0]", List.of("alice@"), List.of()),
        Arguments.of("to[0]", List.of("Team: alice@example.org, eve@example.org;"), List.of()),
        Arguments.of("to", List.of(), List.of()),
        Arguments.of(
            "to",
            IntStream.range(0, 51).mapToObj(i -> "user" + i + "@example.org").toList(),
            List.of()),
        Arguments.of("cc[1]", List.of(ok), List.of(ok, "@example.org")));
  }

  @ParameterizedTest
  @MethodSource("invalidAddresses")
  void rejectsInvalidAddressesNamingTheField(String field, List<String> to, List<String> cc) {
    var message = new EmailMessage(to, cc, null, null, null, "Hi", "body", null, null);

    ApplicationFailure failure = harness.failureOf(job("job-1", message));

    assertThat(failure.getType()).isEqualTo(ErrorType.InvalidMessage.name());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith(field + ":");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  private static EmailMessage withHeaders(List<String> to, Map<String, String> headers) {
    return new EmailMessage(to, null, null, null, null, "Hi", "body", null, headers);
  }

  private static List<MimeMessage> inbox(String address) {
    return greenMail
        .findReceivedMessages(user -> user.getEmail().equals(address), m -> true)
        .toList();
  }

  private static List<String> addresses(Address[] addresses) {
    return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).toList();
  }
}
