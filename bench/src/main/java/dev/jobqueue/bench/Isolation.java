package dev.jobqueue.bench;

import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.Directories;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code isolation} phase: a victim tenant's single emails ({@link Victim}) alone, then beside
 * one aggressor at a time, each drained or cancelled before the next: another tenant's bulk batches
 * at full speed, a PDF flood, another tenant sending ten times the victim's rate, and another
 * tenant's failure storm. Runs against the API with coalescing on (the product's default), as the
 * phases before it leave it; the victim's rate is below the coalescing threshold, so its emails are
 * workflows of their own.
 */
final class Isolation {
  /** The tenant flood's rate over the victim's. */
  static final int FLOOD_FACTOR = 10;

  private final Rig rig;
  private final Report report;
  private final Settings settings;
  private final WorkflowClient client;
  private final Victim victim;
  private final ApiClient aggressor;
  private final Map<String, Object> details = new LinkedHashMap<>();

  Isolation(Rig rig, Report report, Settings settings, WorkflowClient client) {
    this.rig = rig;
    this.report = report;
    this.settings = settings;
    this.client = client;
    this.victim = new Victim(rig.stack.api(Rig.VICTIM), client, Rig.VICTIM, rig::pids);
    this.aggressor = rig.stack.api(Rig.AGGRESSOR);
  }

  Map<String, Object> run() throws Exception {
    if (!rig.coalescing()) {
      Bench.say("isolation: restarting api-server with coalescing on (the product's default)");
      rig.coalescingApi();
    }
    details.put("api", "coalescing on; the victim's rate is below its threshold (per-job path)");
    details.put("victim_rate_per_s", Victim.RATE);
    details.put("window_s", window().toSeconds());
    Bench.say("isolation: victim warm-up (not counted), then the victim alone");
    victim.run("warm-up", settings.warmup());
    var alone = victim.run("alone", window());
    details.put("alone", victimDetails(alone));
    figure("alone", alone);
    double p99Alone = alone.p99();

    bulk(p99Alone);
    pdf(p99Alone);
    tenantFlood(p99Alone);
    failureStorm();
    return details;
  }

  private Duration window() {
    return settings.window();
  }

  /** (a) Another tenant's email-batch jobs at full speed, as the bulk phase drives them. */
  private void bulk(double p99Alone) throws Exception {
    var bulk = new Bulk(aggressor, client, rig.sink);
    var scenario = new LinkedHashMap<String, Object>();
    Double alone = report.figure("bulk_emails_per_s");
    if (alone != null) {
      scenario.put("aggressor_alone_from", "the bulk phase of this run");
    } else {
      Bench.say("isolation, bulk: the aggressor alone (no bulk phase in this run)");
      var r =
          bulk.run(
              "bulk alone",
              settings.bulkWarmup(),
              Bulk.postingFor(window()),
              settings.bulkRecipients(),
              settings.bulkJobsQueued());
      alone = r.perSecond();
      scenario.put("aggressor_alone_from", "measured alone in this phase");
    }
    Bench.say("isolation, bulk: the victim beside another tenant's batches");
    var victimDone = new AtomicBoolean();
    var started = new AtomicLong(rig.sink.received());
    var result = new AtomicReference<Bulk.Result>();
    var failure = new AtomicReference<Exception>();
    var aggressorThread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.set(
                        bulk.run(
                            "bulk beside the victim",
                            Duration.ZERO,
                            () -> !victimDone.get(),
                            settings.bulkRecipients(),
                            settings.bulkJobsQueued()));
                  } catch (Exception e) {
                    failure.set(e);
                  }
                });
    // the victim's window starts once the batches are being sent
    awaitSink(started.get() + settings.bulkRecipients() / 10, "the first bulk chunks", failure);
    Victim.Result under;
    try {
      under = victim.run("beside bulk", window());
    } finally {
      victimDone.set(true);
    }
    aggressorThread.join(TimeUnit.MINUTES.toMillis(30));
    if (failure.get() != null) {
      throw failure.get();
    }
    double rate = result.get().perSecond();
    scenario.put("victim", victimDetails(under));
    scenario.put("aggressor_emails", result.get().emails());
    scenario.put("aggressor_seconds_first_post_to_last_success", result.get().seconds());
    scenario.put("aggressor_emails_per_s", rate);
    scenario.put("aggressor_alone_emails_per_s", alone);
    scenarioFigures("bulk", under, p99Alone);
    report.figure("isolation_aggressor_bulk_emails_per_s", rate, "/s");
    report.figure("isolation_aggressor_bulk_alone_emails_per_s", alone, "/s");
    report.figure("isolation_aggressor_bulk_over_alone", ratio(rate, alone), "x");
    details.put("bulk", scenario);
  }

  /** (b) Reports enough to keep every worker-pdf slot busy for the window, submitted at once. */
  private void pdf(double p99Alone) throws Exception {
    var flood = new PdfFlood(aggressor, client);
    // worker-pdf has a slot per core; a 5,000-page report takes 1.5-2.5 s here, so a core's share
    // of one report a second of window keeps its slot busy to the end, and the rest is cancelled
    int cores = Runtime.getRuntime().availableProcessors();
    int reports = (int) (cores * window().toSeconds());
    Bench.say("isolation, pdf: %d reports of %,d rows alone", reports, settings.pdfRows());
    flood.warmUp();
    var alone =
        flood.run("pdf flood alone", reports, settings.pdfRows(), () -> Thread.sleep(window()));
    Bench.say("isolation, pdf: the victim beside %d reports", reports);
    var holder = new Victim.Result[1];
    var beside =
        flood.run(
            "pdf flood beside the victim",
            reports,
            settings.pdfRows(),
            () -> holder[0] = victim.run("beside a PDF flood", window()));
    var under = holder[0];
    var scenario = new LinkedHashMap<String, Object>();
    scenario.put("victim", victimDetails(under));
    scenario.put("aggressor", beside);
    scenario.put("aggressor_alone", alone);
    scenario.put("aggressor_alone_from", "measured alone in this phase");
    scenarioFigures("pdf", under, p99Alone);
    report.figure("isolation_aggressor_pdf_pages_per_s", beside.pagesPerSecond(), "/s");
    report.figure("isolation_aggressor_pdf_alone_pages_per_s", alone.pagesPerSecond(), "/s");
    report.figure(
        "isolation_aggressor_pdf_over_alone",
        ratio(beside.pagesPerSecond(), alone.pagesPerSecond()),
        "x");
    details.put("pdf", scenario);
  }

  /**
   * (c) Another tenant at ten times the victim's rate, as a client that does not wait out a 429:
   * what the API refuses is counted, not retried.
   */
  private void tenantFlood(double p99Alone) throws Exception {
    double rate = Victim.RATE * FLOOD_FACTOR;
    Bench.say("isolation, tenant flood: the victim beside another tenant at %.0f emails/s", rate);
    long sinkBefore = rig.sink.received();
    var refused = new AtomicLong();
    var sequence = new AtomicLong(4L << 40);
    var flood = new AtomicReference<OpenLoop.Result>();
    var failure = new AtomicReference<Exception>();
    var aggressorThread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    flood.set(
                        OpenLoop.run(
                            "tenant flood",
                            rate,
                            window(),
                            Duration.ofMinutes(2),
                            scheduled -> {
                              long i = sequence.incrementAndGet();
                              try {
                                var a =
                                    aggressor.submitOnce(
                                        Transactional.body(Mail.recipient("f", i), i));
                                return OpenLoop.Timing.acceptedOnly(a.acceptedNanos());
                              } catch (ApiClient.Refused e) {
                                if (e.pushback()) {
                                  refused.incrementAndGet();
                                }
                                throw e;
                              }
                            }));
                  } catch (Exception e) {
                    failure.set(e);
                  }
                });
    var under = victim.run("beside a tenant flood", window());
    aggressorThread.join(TimeUnit.MINUTES.toMillis(5));
    if (failure.get() != null) {
      throw failure.get();
    }
    var f = flood.get();
    // drained once the sink has every email either tenant had accepted
    awaitSink(sinkBefore + f.accepted() + under.loop().delivered(), "every accepted email", null);
    var scenario = new LinkedHashMap<String, Object>();
    scenario.put("victim", victimDetails(under));
    scenario.put("aggressor_rate_per_s", rate);
    scenario.put("aggressor_submitted", f.submitted());
    scenario.put("aggressor_accepted", f.accepted());
    scenario.put("aggressor_refused_429_503", refused.get());
    scenario.put("aggressor_other_failures", f.failed() - refused.get());
    scenario.put("aggressor_first_failure", f.firstFailure());
    scenario.put("aggressor_submit_to_accepted_ms", Bench.percentiles(f.submitToAccepted()));
    scenarioFigures("tenant_flood", under, p99Alone);
    double seconds = window().toNanos() / 1e9;
    report.figure("isolation_aggressor_flood_accepted_per_s", f.accepted() / seconds, "/s");
    report.figure("isolation_aggressor_flood_refused", refused.get(), "jobs");
    if (f.failed() > refused.get()) {
      report.warn(
          "isolation, tenant flood: %,d of the aggressor's submissions failed other than by a"
              + " pushback, first: %s",
          f.failed() - refused.get(), f.firstFailure());
    }
    details.put("tenant_flood", scenario);
  }

  /**
   * (d) Another tenant's jobs failing for good: worker-email is pointed at dev-smtp, whose {@code
   * tempfail} mailbox answers 451, and the victim is measured alone there first, so that its ratio
   * compares like with like (dev-smtp writes each message it accepts to a file; the sink does not).
   */
  private void failureStorm() throws Exception {
    Path mail = settings.workDir().resolve("isolation-mail");
    Directories.deleteTree(mail);
    Bench.say("isolation, failure storm: worker-email restarted against dev-smtp");
    var devSmtp = rig.devSmtpEmail(mail);
    try {
      victim.run("warm-up against dev-smtp", settings.warmup());
      var alone = victim.run("alone against dev-smtp", window());
      figure("alone_dev_smtp", alone);
      var storm = new FailureStorm(aggressor, client, Rig.AGGRESSOR);
      Bench.say(
          "isolation, failure storm: %,d emails to %s, %d attempts each",
          FailureStorm.JOBS, FailureStorm.TEMPFAIL, Rig.EMAIL_MAX_ATTEMPTS);
      long pushbacksBefore = aggressor.pushbacks();
      var started = storm.start();
      var under = victim.run("beside a failure storm", window());
      var result = storm.drain(started);
      var scenario = new LinkedHashMap<String, Object>();
      scenario.put("victim_alone_dev_smtp", victimDetails(alone));
      scenario.put("victim", victimDetails(under));
      scenario.put("aggressor", result);
      scenario.put("aggressor_pushbacks_waited_out", aggressor.pushbacks() - pushbacksBefore);
      scenarioFigures("failure_storm", under, alone.p99());
      report.figure("isolation_aggressor_storm_attempts_per_s", result.attemptsPerSecond(), "/s");
      report.figure(
          "isolation_aggressor_storm_dead_letters_per_s",
          result.deadLettered() / result.seconds(),
          "/s");
      if (result.deadLettered() < FailureStorm.JOBS) {
        report.warn(
            "isolation, failure storm: %,d of %,d jobs became dead letters",
            result.deadLettered(), FailureStorm.JOBS);
      }
      details.put("failure_storm", scenario);
    } finally {
      Bench.say("isolation: worker-email back on the sink");
      try {
        rig.sinkEmail();
      } finally {
        devSmtp.close();
        Directories.deleteTree(mail);
      }
    }
  }

  private void scenarioFigures(String scenario, Victim.Result under, double p99Alone) {
    figure(scenario, under);
    report.figure("isolation_p99_ratio_" + scenario, ratio(under.p99(), p99Alone), "x");
  }

  private void figure(String scenario, Victim.Result r) {
    report.figure("isolation_victim_p50_" + scenario + "_ms", r.p50(), "ms");
    report.figure("isolation_victim_p99_" + scenario + "_ms", r.p99(), "ms");
    if (r.loop().failed() > 0) {
      report.warn(
          "isolation, %s: %,d of the victim's %,d emails not delivered within 2 minutes (each"
              + " counted as 2 minutes in the percentiles), first: %s",
          scenario, r.loop().failed(), r.loop().submitted(), r.loop().firstFailure());
    }
  }

  private Map<String, Object> victimDetails(Victim.Result r) {
    var out = new LinkedHashMap<String, Object>();
    out.put("submitted", r.loop().submitted());
    out.put("delivered", r.loop().delivered());
    out.put("failed", r.loop().failed());
    out.put("first_failure", r.loop().firstFailure());
    out.put("grouped_by_the_api", r.grouped());
    out.put("accept_to_delivered_ms", Bench.percentiles(r.loop().acceptToDelivered()));
    out.put("accept_to_delivered_ms_undelivered_as_2_min", Bench.percentiles(r.withUndelivered()));
    out.put("submit_to_accepted_ms", Bench.percentiles(r.loop().submitToAccepted()));
    out.put("cpu_cores_used", r.cores());
    return out;
  }

  /** {@code under ÷ alone}; NaN when either is missing or the baseline is not above zero. */
  static double ratio(double under, double alone) {
    if (Double.isNaN(under) || Double.isNaN(alone) || alone <= 0) {
      return Double.NaN;
    }
    return under / alone;
  }

  /** Waits until the sink has taken {@code count} messages in all, or the aggressor failed. */
  private void awaitSink(long count, String what, AtomicReference<Exception> failure)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long before = rig.sink.received();
    var progress =
        new PhaseProgress(
            "isolation, until the sink has " + what,
            "messages",
            () -> rig.sink.received() - before);
    try {
      while (rig.sink.received() < count) {
        if (failure != null && failure.get() != null) {
          throw failure.get();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the sink had " + (count - rig.sink.received()) + " messages short of " + what);
        }
        Thread.sleep(50); // the sink's counter is read by its own thread; look again shortly
      }
    } finally {
      progress.close();
    }
  }
}
