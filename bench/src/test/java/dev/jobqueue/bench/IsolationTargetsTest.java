package dev.jobqueue.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IsolationTargetsTest {
  private static Report report() {
    return new Report(Map.of(), Map.of("mode", "quick"));
  }

  private static Map<String, String> verdicts(Report r) {
    return r.checks().stream()
        .filter(c -> c.target().startsWith("isolation"))
        .collect(Collectors.toMap(Report.Check::target, Report.Check::verdict));
  }

  @Test
  void aRatioIsNotAFigureWithoutABaselineAboveZero() {
    assertThat(Isolation.ratio(300, 200)).isEqualTo(1.5);
    assertThat(Isolation.ratio(300, 0)).isNaN();
    assertThat(Isolation.ratio(Double.NaN, 200)).isNaN();
    assertThat(Isolation.ratio(300, Double.NaN)).isNaN();
  }

  @Test
  void judgesEachScenarioOnItsOwnRatioAndTheVictimOnItsWorstP99() {
    var r = report();
    r.figure("isolation_victim_p99_alone_ms", 200, "ms");
    r.figure("isolation_victim_p99_bulk_ms", 300, "ms");
    r.figure("isolation_p99_ratio_bulk", 1.5, "x");
    r.figure("isolation_victim_p99_pdf_ms", 1_200, "ms");
    r.figure("isolation_p99_ratio_pdf", 6.0, "x");
    r.figure("isolation_aggressor_bulk_over_alone", 0.7, "x");
    r.figure("isolation_aggressor_pdf_over_alone", 0.69, "x");

    Targets.isolation(r);

    var verdicts = verdicts(r);
    assertThat(verdicts)
        .containsEntry("isolation: victim p99 beside bulk / alone", "PASS")
        .containsEntry("isolation: victim p99 beside a PDF flood / alone", "MISS")
        .containsEntry("isolation: victim p99 beside a tenant flood / alone", "NOT MEASURED")
        .containsEntry("isolation: victim p99 beside a failure storm / alone", "NOT MEASURED")
        .containsEntry("isolation: victim p99, its worst scenario", "MISS")
        .containsEntry("isolation: bulk aggressor / alone", "PASS")
        .containsEntry("isolation: PDF aggressor / alone", "MISS");
    var worst =
        r.checks().stream()
            .filter(c -> c.target().equals("isolation: victim p99, its worst scenario"))
            .findFirst()
            .orElseThrow();
    assertThat(worst.measured()).isEqualTo(1_200);
    assertThat(worst.note()).isEqualTo("pdf");
  }

  @Test
  void aPhaseThatDidNotRunIsNotMeasuredNeverPassed() {
    var r = report();

    Targets.isolation(r);

    assertThat(verdicts(r))
        .hasSize(7)
        .allSatisfy((target, v) -> assertThat(v).isEqualTo("NOT MEASURED"));
  }

  @Test
  void aVictimEmailNeverDeliveredCountsAsTheLongestWaitNotAsNothing() {
    var delivered = new Latencies();
    for (int i = 1; i <= 97; i++) {
      delivered.add(i * 1_000_000L); // 1 to 97 ms
    }
    var loop =
        new OpenLoop.Result(
            5, 100, 97, 97, 3, "timed out", delivered, new Latencies(), new Latencies());

    var victim = new Victim.Result(loop, 0, Map.of());

    assertThat(delivered.percentileMillis(99)).isEqualTo(97);
    assertThat(victim.p99()).isEqualTo(120_000);
    assertThat(victim.p50()).isEqualTo(50);
  }
}
