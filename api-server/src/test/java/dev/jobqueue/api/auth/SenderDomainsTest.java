package dev.jobqueue.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenderDomainsTest {
  private static final SenderDomains SENDERS =
      SenderDomains.parse(
          " acme = acme.example | .Mail.Acme.Example , trusted=*",
          "jobqueue <noreply@jobqueue.test>");

  @Test
  void letsATenantSendFromItsOwnDomainsIgnoringCase() {
    assertThat(SENDERS.problem("acme", "billing@acme.example")).isEmpty();
    assertThat(SENDERS.problem("acme", "Billing@ACME.example")).isEmpty();
    assertThat(SENDERS.problem("acme", "news@eu.mail.acme.example")).isEmpty();
    assertThat(SENDERS.problem("acme", "news@a.b.mail.acme.example")).isEmpty();
    assertThat(SENDERS.problem("trusted", "anyone@anywhere.example")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ceo@globex.example",
        "billing@sub.acme.example", // acme.example is exact: its subdomains are not named
        "news@mail.acme.example", // .mail.acme.example is its subdomains, not itself
        "billing@acme.example.evil.test",
        "billing@evilacme.example",
        "billing@xmail.acme.example"
      })
  void refusesEveryOtherDomainNamingTheAllowedOnes(String from) {
    assertThat(SENDERS.problem("acme", from))
        .get()
        .asString()
        .contains("acme.example, any subdomain of mail.acme.example")
        .contains("noreply@jobqueue.test");
  }

  @Test
  void letsEveryTenantSendAsTheDefaultSenderAndATenantWithoutDomainsOnlyAsIt() {
    assertThat(SENDERS.defaultAddress()).isEqualTo("noreply@jobqueue.test");
    assertThat(SENDERS.problem("globex", "noreply@jobqueue.test")).isEmpty();
    assertThat(SENDERS.problem("acme", "NoReply@jobqueue.test")).isEmpty();
    assertThat(SENDERS.problem("globex", "other@jobqueue.test"))
        .get()
        .asString()
        .contains("no sender domains");
    assertThat(SENDERS.problem("globex", "ceo@acme.example")).isPresent();
  }

  @Test
  void reportsAtTheFieldAndLeavesMalformedAddressesToTheAddressRules() {
    var fields = new java.util.ArrayList<String>();
    SENDERS.check("acme", "ceo@globex.example", "payload.from", (field, m) -> fields.add(field));
    SENDERS.check("acme", "not an address", "payload.x", (field, m) -> fields.add(field));
    SENDERS.check("acme", null, "payload.y", (field, m) -> fields.add(field));
    assertThat(fields).containsExactly("payload.from");
  }

  @Test
  void readsAPlainDefaultSenderAndNoDomains() {
    var senders = SenderDomains.parse("", "jobs@example.com");
    assertThat(senders.defaultAddress()).isEqualTo("jobs@example.com");
    assertThat(senders.problem("acme", "jobs@example.com")).isEmpty();
    assertThat(SenderDomains.parse(null, "Jobs <jobs@example.com>").defaultAddress())
        .isEqualTo("jobs@example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme",
        "acme=",
        "acme=localhost",
        "acme=acme.example|",
        "acme=*.acme.example",
        "acme=acme..example",
        "acme=ada@acme.example",
        "a cme=acme.example",
        "acme=acme.example,acme=other.example"
      })
  void refusesEntriesThatAreNotTenantAndDomains(String text) {
    assertThatThrownBy(() -> SenderDomains.parse(text, "noreply@jobqueue.test"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "jobqueue", "jobqueue <noreply>", "a@b@example.com"})
  void refusesADefaultSenderThatIsNoAddress(String defaultFrom) {
    assertThatThrownBy(() -> SenderDomains.parse("", defaultFrom))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultFrom");
  }
}
