package dev.jobqueue.report;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobqueue.job.JobRef;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportValidationTest {
  private static final JobRef JOB = new JobRef("v-1", "acme");
  private static final ReportRow ROW = new ReportRow("2026-03-01", "Support", 2, 1_000);

  private static ReportJob rows(ReportRow... rows) {
    return new ReportJob(JOB, "statement", "t", List.of(rows), null);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            new ReportJob(JOB, null, "t", List.of(ROW), null), "template: must be \"statement\""),
        Arguments.of(
            new ReportJob(JOB, "statement", "t", null, null),
            "rows: give exactly one of rows and sample"),
        Arguments.of(
            new ReportJob(JOB, "statement", "x".repeat(201), List.of(ROW), null),
            "title: at most 200 characters, not 201"),
        Arguments.of(rows(), "rows: must hold at least one row"),
        Arguments.of(
            rows(ROW, new ReportRow("01/03/2026", "x", 1, 1)),
            "rows[1].date: required: an ISO date"),
        Arguments.of(rows(new ReportRow(null, "x", 1, 1)), "rows[0].date: required: an ISO date"),
        Arguments.of(
            rows(new ReportRow("2026-03-01", null, 1, 1)), "rows[0].description: required"),
        Arguments.of(
            rows(new ReportRow("2026-03-01", "x", 2, Long.MAX_VALUE / 2 + 1)),
            "rows[0]: the amounts overflow"),
        Arguments.of(
            rows(new ReportRow("2026-03-01", "x", 1, Long.MAX_VALUE), ROW),
            "rows[1]: the amounts overflow"),
        Arguments.of(
            new ReportJob(JOB, "statement", "t", null, new SampleData(0, 1)),
            "sample.rows: required: 1 to 10000000"),
        Arguments.of(
            new ReportJob(JOB, "statement", "t", null, new SampleData(10_000_001, 1)),
            "sample.rows: required: 1 to"),
        Arguments.of(null, "the job and its job reference are required"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejects(ReportJob job, String message) {
    assertThatThrownBy(() -> ReportValidation.check(job))
        .isInstanceOf(InvalidReportException.class)
        .hasMessageContaining(message);
  }

  @Test
  void acceptsCreditsFreeItemsAndTheLargestSample() {
    assertThatCode(
            () ->
                ReportValidation.check(
                    rows(
                        new ReportRow("2026-03-01", "Credit", 1, -5_000),
                        new ReportRow("2026-03-01", "", 0, 100))))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ReportValidation.check(
                    new ReportJob(JOB, "statement", null, null, new SampleData(10_000_000, 1))))
        .doesNotThrowAnyException();
  }
}
