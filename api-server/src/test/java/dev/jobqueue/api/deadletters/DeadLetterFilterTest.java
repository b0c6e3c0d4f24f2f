package dev.jobqueue.api.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.jobqueue.api.errors.ApiProblem;
import dev.jobqueue.api.errors.FieldError;
import dev.jobqueue.api.errors.Violations;
import dev.jobqueue.job.JobType;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The visibility queries behind GET /v1/dead-letters, bulk redrive and the gauges; the queries
 * themselves run against the dev server in system-tests.
 */
class DeadLetterFilterTest {
  private static final String PARKED =
      "ExecutionStatus = 'Running' AND JobStatus = 'DEAD_LETTERED'";

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of(null, null, null, null, "Tenant = 'acme' AND " + PARKED),
        Arguments.of(
            "email", null, null, null, "Tenant = 'acme' AND " + PARKED + " AND JobType = 'email'"),
        Arguments.of(
            null,
            "SmtpRejected",
            null,
            null,
            "Tenant = 'acme' AND " + PARKED + " AND ErrorType = 'SmtpRejected'"),
        Arguments.of(
            null,
            null,
            "2026-03-01T10:00:00+01:00",
            null,
            "Tenant = 'acme' AND " + PARKED + " AND DeadLetteredAt >= '2026-03-01T09:00:00Z'"),
        Arguments.of(
            null,
            null,
            null,
            "2026-03-02T00:00:00.250Z",
            "Tenant = 'acme' AND " + PARKED + " AND DeadLetteredAt < '2026-03-02T00:00:00.250Z'"),
        Arguments.of(
            "pdf",
            "java.lang.IllegalStateException",
            "2026-03-01T00:00:00Z",
            "2026-03-02T00:00:00Z",
            "Tenant = 'acme' AND "
                + PARKED
                + " AND JobType = 'pdf'"
                + " AND ErrorType = 'java.lang.IllegalStateException'"
                + " AND DeadLetteredAt >= '2026-03-01T00:00:00Z'"
                + " AND DeadLetteredAt < '2026-03-02T00:00:00Z'"));
  }

  @ParameterizedTest(name = "type={0} errorType={1} after={2} before={3}")
  @MethodSource("filters")
  void selectsTheTenantsParkedJobsThatMatch(
      String type, String errorType, String after, String before, String query) {
    var v = new Violations();
    var filter = DeadLetterFilter.parse(type, errorType, after, before, v);

    assertThat(v.list()).isEmpty();
    assertThat(filter.visibilityQuery("acme")).isEqualTo(query);
    assertThat(filter.visibilityQuery("acme")).doesNotContainIgnoringCase("order by");
  }

  @Test
  void spansEveryTenantOnlyWhenAskedWithoutOne() {
    var filter = new DeadLetterFilter(JobType.EMAIL_BATCH, null, null, null);

    assertThat(filter.visibilityQuery(null)).isEqualTo(PARKED + " AND JobType = 'email-batch'");
  }

  @Test
  void quotesTheTenantSoNoValueCanEndTheString() {
    assertThat(DeadLetterFilter.ALL.visibilityQuery("o'brien"))
        .startsWith("Tenant = 'o\\'brien' AND");
  }

  static Stream<Arguments> badFilters() {
    return Stream.of(
        Arguments.of("fax", null, null, null, "type"),
        Arguments.of("email-batch ", null, null, null, "type"),
        Arguments.of(null, "Smtp Rejected", null, null, "errorType"),
        Arguments.of(null, "x' OR 'a' = 'a", null, null, "errorType"),
        Arguments.of(null, "", null, null, "errorType"),
        Arguments.of(null, "A".repeat(201), null, null, "errorType"),
        Arguments.of(null, null, "yesterday", null, "deadLetteredAfter"),
        Arguments.of(null, null, "2026-03-01T10:00:00", null, "deadLetteredAfter"),
        Arguments.of(null, null, null, "soon", "deadLetteredBefore"));
  }

  @Test
  void bringsABoundBeyondWhatVisibilityStoresToItsNearestTime() {
    var v = new Violations();
    var filter =
        DeadLetterFilter.parse(
            null, null, "0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59.5Z", v);

    assertThat(v.isEmpty()).isTrue();
    assertThat(filter.after()).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
    assertThat(filter.before()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @ParameterizedTest(name = "after={0} before={1}")
  @CsvSource({
    "2026-03-02T00:00:00Z, 2026-03-01T00:00:00Z",
    "2026-03-01T00:00:00Z, 2026-03-01T00:00:00Z"
  })
  void takesAnEmptyRangeAsSelectingNothing(String after, String before) {
    var v = new Violations();
    var filter = DeadLetterFilter.parse(null, null, after, before, v);

    assertThat(v.isEmpty()).as("an empty range is a valid filter").isTrue();
    assertThat(filter.visibilityQuery("acme"))
        .contains("DeadLetteredAt >= '" + after + "'")
        .contains("DeadLetteredAt < '" + before + "'");
  }

  @ParameterizedTest(name = "{4}: type={0} errorType={1} after={2} before={3}")
  @MethodSource("badFilters")
  void namesTheFilterThatIsWrong(
      String type, String errorType, String after, String before, String field) {
    var v = new Violations();
    DeadLetterFilter.parse(type, errorType, after, before, v);

    assertThat(v.list()).extracting(FieldError::field).containsExactly(field);
  }

  @Test
  void narrowsToWhatWasParkedBeforeAnInstantWithinItsOwnRange() {
    var filter = new DeadLetterFilter(null, null, null, Instant.parse("2026-03-02T00:00:00Z"));

    assertThat(filter.before(Instant.parse("2026-03-01T00:00:00Z")).before())
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(filter.before(Instant.parse("2026-03-03T00:00:00Z")).before())
        .isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
  }

  @Test
  void pagesWithTheSizeAndTokenRulesOfTheJobList() {
    var first = DeadLetterListQuery.parse("acme", "email", null, null, null, null, null);
    var token = ByteString.copyFrom(new byte[] {(byte) 0xfb, 0x01, 0x02});
    String client = first.clientToken(token);

    var next = DeadLetterListQuery.parse("acme", "email", null, null, null, "100", client);

    assertThat(first.pageSize()).isEqualTo(20);
    assertThat(first.pageToken().isEmpty()).isTrue();
    assertThat(next.pageSize()).isEqualTo(100);
    assertThat(next.pageToken()).isEqualTo(token);
  }

  @Test
  void refusesAPageTokenOfAnotherListOrTenant() {
    String client =
        DeadLetterListQuery.parse("acme", "email", null, null, null, null, null)
            .clientToken(ByteString.copyFromUtf8("temporal's token"));

    assertThatThrownBy(
            () -> DeadLetterListQuery.parse("globex", "email", null, null, null, null, client))
        .isInstanceOf(ApiProblem.class);
    assertThatThrownBy(
            () -> DeadLetterListQuery.parse("acme", "pdf", null, null, null, null, client))
        .isInstanceOf(ApiProblem.class);
    assertThatThrownBy(
            () ->
                DeadLetterListQuery.parse(
                    "acme", "email", "SmtpRejected", null, null, null, client))
        .isInstanceOf(ApiProblem.class);
    assertThatThrownBy(
            () -> DeadLetterListQuery.parse("acme", "email", null, null, null, "101", null))
        .isInstanceOf(ApiProblem.class)
        .satisfies(
            e -> assertThat(((ApiProblem) e).errors().getFirst().field()).isEqualTo("pageSize"));
  }
}
