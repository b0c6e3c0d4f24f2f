package dev.jobqueue.email;

import static dev.jobqueue.email.ActivityHarness.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jobqueue.job.JobRef;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageFactoryTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);
  private static final List<String> TO = List.of("alice@example.org");

  private final MessageFactory factory =
      new MessageFactory(
          SmtpConfig.openRelay("localhost", 25, ActivityHarness.DEFAULT_FROM),
          Session.getInstance(new Properties()),
          CLOCK);

  @Test
  void keepsTheJobsMessageIdThroughSaveChanges() throws Exception {
    MimeMessage message = factory.build(job("job-1", EmailMessage.text(TO, "Hi", "body")));
    message.setSubject("changed");
    message.saveChanges();

    assertThat(message.getMessageID()).isEqualTo("<acme.job-1@example.com>");
    assertThat(wire(message)).contains("Message-ID: <acme.job-1@example.com>\r\n");
  }

  @Test
  void keepsMessageIdsOfDifferentJobsApart() {
    // a naive "tenant.job" join would give both of these "a.b.c"
    String one = MessageIds.of(new JobRef("b.c", "a"), "example.com");
    String other = MessageIds.of(new JobRef("c", "a.b"), "example.com");

    assertThat(one).isNotEqualTo(other);
    assertThat(List.of(one, other, MessageIds.of(new JobRef("ré sumé/1", "t<1>"), "example.com")))
        .allMatch(
            id -> id.matches("<[A-Za-z0-9%_-]+\\.[A-Za-z0-9%_-]+@example\\.com>"), "dot-atom");
  }

  @Test
  void sendsPlainTextAloneAsTextPlain() throws Exception {
    MimeMessage message = factory.build(job("job-1", EmailMessage.text(TO, "Hi", "body")));

    assertThat(message.getContentType()).isEqualTo("text/plain; charset=UTF-8");
    assertThat(message.getSentDate().toInstant()).isEqualTo(CLOCK.instant());
  }

  @Test
  void sendsHtmlAloneAsTextHtml() throws Exception {
    var html = new EmailMessage(TO, null, null, null, null, "Hi", null, "<b>hi</b>", null);

    assertThat(factory.build(job("job-1", html)).getContentType())
        .isEqualTo("text/html; charset=UTF-8");
  }

  @Test
  void encodesNonAsciiHeadersToSevenBit() throws Exception {
    var message =
        new EmailMessage(
            List.of("juergen@example.org"),
            null,
            null,
            null,
            null,
            "Grüße",
            "body",
            null,
            Map.of("X-Note", "naïve"));

    String headers = wire(factory.build(job("job-1", message))).split("\r\n\r\n", 2)[0];

    assertThat(headers).isASCII().contains("=?UTF-8?").doesNotContain("Grüße", "naïve");
  }

  /** Bodies are handed to Jakarta Mail as bytes; the wire form must be what setText gives. */
  @ParameterizedTest
  @MethodSource("bodies")
  void writesBodiesAsSetTextWould(String text, String encoding) throws Exception {
    MimeMessage built = factory.build(job("job-1", EmailMessage.text(TO, "Hi", text)));
    var reference = new MimeMessage(Session.getInstance(new Properties()));
    reference.setText(text, "UTF-8");
    reference.saveChanges();

    assertThat(built.getEncoding()).isEqualTo(reference.getEncoding()).isEqualTo(encoding);
    assertThat(body(wire(built))).isEqualTo(body(wire(reference)));
    assertThat(built.getContent()).isEqualTo(text);
  }

  @Test
  void writesTheDateAsSetSentDateWould() throws Exception {
    var clock =
        new java.util.concurrent.atomic.AtomicReference<>(
            Instant.parse("2026-03-01T09:00:00.250Z"));
    var ticking =
        new MessageFactory(
            SmtpConfig.openRelay("localhost", 25, ActivityHarness.DEFAULT_FROM),
            Session.getInstance(new Properties()),
            new Clock() {
              @Override
              public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return clock.get();
              }
            });
    for (String at :
        List.of("2026-03-01T09:00:00.250Z", "2026-03-01T09:00:00.900Z", "2026-03-01T09:00:01Z")) {
      clock.set(Instant.parse(at));
      var reference = new MimeMessage(Session.getInstance(new Properties()));
      reference.setSentDate(java.util.Date.from(clock.get()));

      MimeMessage built = ticking.build(job("job-1", EmailMessage.text(TO, "Hi", "body")));

      assertThat(built.getHeader("Date")).as(at).containsExactly(reference.getHeader("Date"));
    }
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("plain ASCII\nover two lines\n", "7bit"),
        Arguments.of("a line longer than SMTP allows: " + "x".repeat(1200), "quoted-printable"),
        Arguments.of("Grüße aus Köln, mostly ASCII", "quoted-printable"),
        Arguments.of("日本語のメールです", "base64"),
        Arguments.of(".\n.. leading dots\n", "7bit"));
  }

  private static String body(String wire) {
    return wire.split("\r\n\r\n", 2)[1];
  }

  static Stream<Arguments> forbidden() {
    return Stream.of(
        Arguments.of(
            "to", new EmailMessage(null, null, null, null, null, "Hi", "body", null, null)),
        Arguments.of(
            "bcc",
            new EmailMessage(
                TO, addresses(50), addresses(50), null, null, "Hi", "body", null, null)),
        Arguments.of("subject", EmailMessage.text(TO, "x".repeat(999), "body")),
        Arguments.of("subject", EmailMessage.text(TO, "tab\tis fine, NUL\0 is not", "body")),
        Arguments.of("text", new EmailMessage(TO, null, null, null, null, "Hi", null, null, null)),
        Arguments.of(
            "html",
            new EmailMessage(
                TO,
                null,
                null,
                null,
                null,
                "Hi",
                "x".repeat(300 * 1024),
                "y".repeat(300 * 1024),
                null)),
        Arguments.of("headers.Subject", headers(Map.of("Subject", "again"))),
        Arguments.of("headers.X-Bad Name", headers(Map.of("X-Bad Name", "v"))),
        Arguments.of("headers.X-Bad:Name", headers(Map.of("X-Bad:Name", "v"))),
        Arguments.of("headers.X-Note", headers(Map.of("X-Note", "a".repeat(999)))),
        Arguments.of(
            "headers.list-unsubscribe",
            headers(Map.of("list-unsubscribe", "<https://example.com/u>"))),
        Arguments.of("job", job("", EmailMessage.text(TO, "Hi", "body"))));
  }

  @ParameterizedTest
  @MethodSource("forbidden")
  void refusesWhatTheSpecForbidsNamingTheField(String field, Object payload) {
    EmailJob job = payload instanceof EmailJob j ? j : job("job-1", (EmailMessage) payload);

    var refused = catchThrowableOfType(InvalidMessageException.class, () -> factory.build(job));

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.field()).isEqualTo(field);
  }

  @Test
  void writesTwoXHeadersThatDifferOnlyInCaseAsTwoFields() throws Exception {
    var message = factory.build(job("job-1", headers(caseTwins())));

    assertThat(message.getHeader("X-Note")).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void takesAMaximalMessage() throws Exception {
    var message =
        new EmailMessage(
            addresses(50),
            addresses(25),
            addresses(25),
            null,
            null,
            "x".repeat(998),
            "x".repeat(512 * 1024),
            null,
            Map.of("X-Note", "a".repeat(998)));

    assertThat(factory.build(job("job-1", message)).getAllRecipients()).hasSize(100);
  }

  private static EmailMessage headers(Map<String, String> headers) {
    return new EmailMessage(TO, null, null, null, null, "Hi", "body", null, headers);
  }

  private static Map<String, String> caseTwins() {
    var twins = new LinkedHashMap<String, String>();
    twins.put("X-Note", "one");
    twins.put("x-note", "two");
    return twins;
  }

  private static List<String> addresses(int count) {
    return IntStream.range(0, count).mapToObj(i -> "user" + i + "@example.org").toList();
  }

  private static String wire(MimeMessage message) throws Exception {
    var out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
