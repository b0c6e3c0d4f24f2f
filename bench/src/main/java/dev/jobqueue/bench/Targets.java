package dev.jobqueue.bench;

import dev.jobqueue.bench.Report.Check;
import java.util.List;

/**
 * The targets, judged on this run's figures. A target whose figure is missing (its phase
 * failed) is NOT MEASURED, never passed.
 */
final class Targets {
  static final double BULK_PER_S = 10_000;
  static final double COALESCED_PER_S = 2_500;
  static final double GIB_IN_MIB = 1024;

  /** The isolation phase's scenarios: the names in their figures, the words in the table. */
  static final List<List<String>> ISOLATION_SCENARIOS =
      List.of(
          List.of("bulk", "bulk"),
          List.of("pdf", "a PDF flood"),
          List.of("tenant_flood", "a tenant flood"),
          List.of("failure_storm", "a failure storm"));

  static final double ISOLATION_P99_RATIO = 1.5;
  static final double ISOLATION_VICTIM_P99_MS = 1000;
  static final double ISOLATION_AGGRESSOR_SHARE = 0.7;

  private Targets() {}

  static void judge(Report r, Settings settings) {
    ratio(
        r,
        "transactional_over_raw_temporal",
        "transactional_emails_per_s",
        "raw_temporal_wf_per_s");
    ratio(r, "bulk_over_smtp_sink_max", "bulk_emails_per_s", "smtp_sink_max_per_s");
    ratio(r, "pdf_over_raw", "pdf_pages_per_s", "pdf_raw_pages_per_s");
    ratio(r, "coalesced_over_bulk", "coalesced_emails_per_s", "bulk_emails_per_s");
    ratio(r, "smtp_sink_max_over_physical", "smtp_sink_max_per_s", "smtp_physical_max_per_s");
    ratio(r, "bulk_over_smtp_physical", "bulk_emails_per_s", "smtp_physical_max_per_s");

    Double bulk = r.figure("bulk_emails_per_s");
    r.check(
        new Check(
            "bulk emails/s",
            bulk,
            "/s",
            BULK_PER_S,
            true,
            quickNote(settings, settings.bulkWindow())));
    r.check(
        new Check(
            "bulk / smtp_sink_max", r.ratio("bulk_over_smtp_sink_max"), "x", 0.8, true, null));
    r.check(
        new Check(
            "transactional / raw temporal",
            r.ratio("transactional_over_raw_temporal"),
            "x",
            0.8,
            true,
            null));
    r.check(
        new Check(
            "p99 accept->delivered at half rate",
            r.figure("transactional_latency_p99_ms"),
            "ms",
            1000,
            false,
            null));
    r.check(
        new Check(
            "Temporal actions per per-job email",
            r.figure("server_actions_per_transactional_email"),
            "",
            3,
            false,
            "counted by the server"));
    r.check(
        new Check(
            "coalesced emails/s",
            r.figure("coalesced_emails_per_s"),
            "/s",
            COALESCED_PER_S,
            true,
            quickNote(settings, settings.window())));
    r.check(new Check("coalesced / bulk", r.ratio("coalesced_over_bulk"), "x", 0.5, true, null));
    r.check(
        new Check(
            "coalesced p99 accept->succeeded at half rate",
            r.figure("coalesced_latency_p99_ms"),
            "ms",
            1000,
            false,
            null));
    r.check(
        new Check(
            "Temporal actions per coalesced email",
            r.figure("server_actions_per_coalesced_email"),
            "",
            0.05,
            false,
            "counted by the server"));
    r.check(new Check("pdf through worker / raw", r.ratio("pdf_over_raw"), "x", 0.9, true, null));
    r.check(
        new Check(
            "Temporal actions per bulk email",
            worst(
                r.figure("history_events_per_bulk_email"),
                r.figure("server_actions_per_bulk_email")),
            "",
            0.05,
            false,
            "the larger of history events and server-counted actions"));
    r.check(
        new Check(
            "worker-email peak RSS",
            r.figure("worker_email_peak_rss_mib"),
            "MiB",
            GIB_IN_MIB,
            false,
            bulk != null && bulk < BULK_PER_S
                ? "at the bulk rate reached, below the target's"
                : null));
    isolation(r);
  }

  /**
   * The isolation targets: each scenario's victim p99 within 1.5 times the victim's alone, the
   * victim's p99 at most 1 s wherever it ran, and the bulk and PDF aggressors at 0.7 of what they
   * reach alone or more.
   */
  static void isolation(Report r) {
    for (var scenario : ISOLATION_SCENARIOS) {
      r.check(
          new Check(
              "isolation: victim p99 beside " + scenario.get(1) + " / alone",
              r.figure("isolation_p99_ratio_" + scenario.get(0)),
              "x",
              ISOLATION_P99_RATIO,
              false,
              scenario.get(0).equals("failure_storm") ? "alone: against dev-smtp too" : null));
    }
    Double worst = null;
    String where = null;
    for (String scenario :
        List.of("alone", "bulk", "pdf", "tenant_flood", "alone_dev_smtp", "failure_storm")) {
      Double p99 = r.figure("isolation_victim_p99_" + scenario + "_ms");
      if (p99 != null && !p99.isNaN() && (worst == null || p99 > worst)) {
        worst = p99;
        where = scenario;
      }
    }
    r.check(
        new Check(
            "isolation: victim p99, its worst scenario",
            worst,
            "ms",
            ISOLATION_VICTIM_P99_MS,
            false,
            where == null ? null : where.replace('_', ' ')));
    r.check(
        new Check(
            "isolation: bulk aggressor / alone",
            r.figure("isolation_aggressor_bulk_over_alone"),
            "x",
            ISOLATION_AGGRESSOR_SHARE,
            true,
            "beside the victim"));
    r.check(
        new Check(
            "isolation: PDF aggressor / alone",
            r.figure("isolation_aggressor_pdf_over_alone"),
            "x",
            ISOLATION_AGGRESSOR_SHARE,
            true,
            "beside the victim"));
  }

  private static String quickNote(Settings settings, java.time.Duration window) {
    return settings.quick() ? "quick: a " + window.toSeconds() + " s window, not 60 s" : null;
  }

  private static void ratio(Report r, String name, String numerator, String denominator) {
    r.ratio(name, r.figure(numerator), r.figure(denominator));
  }

  private static Double worst(Double a, Double b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.max(a, b);
  }
}
