package dev.jobqueue.bench;

import dev.jobqueue.bench.Report.Check;

/**
 * The targets, judged on this run's figures. A target whose figure is missing (its phase
 * failed) is NOT MEASURED, never passed.
 */
final class Targets {
  static final double BULK_PER_S = 10_000;
  static final double COALESCED_PER_S = 2_500;
  static final double GIB_IN_MIB = 1024;

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
