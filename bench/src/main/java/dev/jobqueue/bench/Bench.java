package dev.jobqueue.bench;

import dev.jobqueue.testing.ApiClient;
import dev.jobqueue.testing.Directories;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code ./jobqueue bench [--quick] [--cluster]}: starts the stack (on the dev server, or on a
 * Temporal cluster with {@code --cluster}) against Postfix's {@code smtp-sink}, measures the
 * stack's and the SMTP path's ceilings and the product's paths against them in one run, prints the
 * figures with the targets' verdicts, and writes them to {@code build/bench/result.json}. Exits
 * non-zero if a phase could not run.
 */
public final class Bench {
  private final Settings settings;
  private final Report report;
  private Rig rig;
  private ApiClient api;
  private WorkflowClient client;

  private Bench(Settings settings) {
    this.settings = settings;
    this.report = new Report(Machine.describe(), settings.describe());
  }

  public static void main(String[] args) throws Exception {
    var bench = new Bench(Settings.from(args));
    System.exit(bench.run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    report.load("start");
    say(
        "starting %s, smtp-sink, worker-email, worker-pdf, api-server (logs in %s)",
        settings.cluster()
            ? "a Temporal cluster (PostgreSQL, Temporal Server, its Web UI)"
            : "the Temporal dev server",
        settings.workDir().resolve("logs"));
    long t0 = System.nanoTime();
    rig = Rig.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopQuietly));
    try {
      say("stack up in %.1f s", (System.nanoTime() - t0) / 1e9);
      report.phase(
          "startup", new LinkedHashMap<>(Map.of("phase_seconds", (System.nanoTime() - t0) / 1e9)));
      report.machine("temporal", Machine.temporal(rig.stack.temporal(), settings.cluster()));
      api = rig.stack.api();
      client = rig.stack.temporal().client();
      phase("smtp-ceiling", this::smtpCeiling);
      phase("smtp-physical", this::smtpPhysical);
      // the Temporal ceiling right before the path it is the ceiling of, under the same conditions
      phase("raw-temporal", this::rawTemporal);
      phase("transactional", this::transactional);
      if (settings.only().contains("coalesced")) {
        say("restarting api-server with coalescing on, and warming it up (not counted)");
        rig.coalescingApi();
        new Coalesced(api, rig.sink).warmUp(settings);
      }
      phase("coalesced", this::coalesced);
      phase("bulk", this::bulk);
      phase("pdf", this::pdf);
      // last: it restarts worker-email (twice) and, without the coalesced phase, the API
      phase("isolation", meter -> new Isolation(rig, report, settings, client).run());
      memory();
    } finally {
      report.load("end");
      stopQuietly();
    }
    Targets.judge(report, settings);
    report.print(System.out);
    Path file = settings.workDir().resolve("result.json");
    report.write(file);
    say("written %s", settings.root().relativize(file));
    return !report.failed();
  }

  private interface Phase {
    Map<String, Object> run(Meter meter) throws Exception;
  }

  private void phase(String name, Phase phase) {
    if (!settings.only().contains(name)) {
      return;
    }
    String dead = rig.deadProcess();
    if (dead != null) {
      report.error(
          name, new IllegalStateException(dead + " is no longer running; see " + rig.logDir()));
      return;
    }
    report.load(name);
    say("%s", name);
    try {
      var meter = Meter.start(rig);
      var details = phase.run(meter);
      details.put("phase_seconds", meter.seconds());
      details.put("cpu_cores_used", meter.cores());
      if (!details.containsKey("temporal_server")) {
        details.put("temporal_server", meter.server());
      }
      report.phase(name, details);
    } catch (Exception e) {
      say("%s failed: %s", name, e);
      report.error(name, e);
    }
  }

  /**
   * What each unit of work (an email, a workflow) cost over the phase: the server's actions and
   * workflow-state writes, and how many units one CPU-second of each named process carried.
   */
  private void costs(
      Meter meter, Map<String, Object> details, String unit, long count, String... processes)
      throws Exception {
    var server = meter.server();
    details.put("temporal_server", server);
    double actions = ServerCounters.total(server, "actions");
    double writes = ServerCounters.total(server, "history_writes");
    report.figure("server_actions_per_" + unit, actions / count, "actions");
    report.figure("history_writes_per_" + unit, writes / count, "writes");
    report.figure(
        "visibility_writes_per_" + unit,
        (double) ServerCounters.total(server, "visibility_writes") / count,
        "writes");
    for (String process : processes) {
      double seconds = meter.cpuSeconds(process);
      if (seconds > 0) {
        report.figure(
            unit + "s_per_" + process.replace('-', '_') + "_cpu_s", count / seconds, "/cpu-s");
      }
    }
    double apiSeconds = meter.cpuSeconds("api-server");
    if (apiSeconds > 0) {
      // one POST per email on these paths; per job of a batch on the bulk path
      report.figure("api_cpu_ms_per_" + unit, apiSeconds * 1000 / count, "ms");
    }
  }

  private Map<String, Object> rawTemporal(Meter meter) throws Exception {
    var r = RawTemporal.run(client, settings);
    report.figure("raw_temporal_wf_per_s", r.perSecond(), "/s");
    var details = loopDetails("raw temporal", r);
    var history = Histories.of(client, sample(r.ids(), settings.historySample()));
    details.put("history_events_per_workflow", (double) history.events() / history.workflows());
    costs(meter, details, "raw_workflow", r.total(), "temporal", "bench");
    return details;
  }

  private Map<String, Object> smtpCeiling(Meter meter) throws Exception {
    long before = rig.sink.received();
    var r = SmtpCeiling.run(rig.sink, settings);
    report.figure("smtp_sink_max_per_s", r.perSecond(), "/s");
    var details = loopDetails("smtp ceiling", r);
    details.put("sink_received", rig.sink.received() - before);
    report.figure(
        "smtp_sink_messages_per_sender_cpu_s", r.total() / meter.cpuSeconds("bench"), "/cpu-s");
    return details;
  }

  private Map<String, Object> smtpPhysical(Meter meter) throws Exception {
    var r = SmtpSource.run(rig.sink, settings, rig.logDir());
    report.figure("smtp_physical_max_per_s", r.perSecond(), "/s");
    var details = new LinkedHashMap<String, Object>();
    details.put("messages", r.messages());
    details.put("seconds", r.seconds());
    details.put("sessions", settings.smtpPoolSize());
    details.put("sink_received", r.sinkReceived());
    return details;
  }

  private Map<String, Object> transactional(Meter meter) throws Exception {
    var transactional = new Transactional(api, client);
    long sinkBefore = rig.sink.received();
    long pushbacksBefore = api.pushbacks();
    var max = transactional.max(settings);
    report.figure("transactional_emails_per_s", max.perSecond(), "/s");
    var details = loopDetails("transactional", max);
    details.put("sink_received", rig.sink.received() - sinkBefore);
    details.put("api_pushbacks", api.pushbacks() - pushbacksBefore);
    if (api.pushbacks() > pushbacksBefore) {
      report.warn(
          "transactional: the API pushed back (429/503) %,d times; each was waited out and retried",
          api.pushbacks() - pushbacksBefore);
    }
    var history = Histories.of(client, sample(max.ids(), settings.historySample()));
    double sampled = history.workflows();
    report.figure("history_events_per_transactional_email", history.events() / sampled, "events");
    report.figure(
        "history_actions_per_transactional_email", history.actions() / sampled, "actions");
    details.put("history_sample", history);
    details.put("jobs_in_phase", max.total());

    double half = max.perSecond() / 2;
    say(
        "transactional latency at half the measured rate: %.0f emails/s for %d s",
        half, settings.window().toSeconds());
    var atHalf = transactional.atRate(half, settings);
    report.figure(
        "transactional_latency_p50_ms", atHalf.acceptToDelivered().percentileMillis(50), "ms");
    report.figure(
        "transactional_latency_p99_ms", atHalf.acceptToDelivered().percentileMillis(99), "ms");
    var latency = new LinkedHashMap<String, Object>();
    latency.put("rate_per_s", half);
    latency.put("submitted", atHalf.submitted());
    latency.put("delivered", atHalf.delivered());
    latency.put("failed", atHalf.failed());
    latency.put("first_failure", atHalf.firstFailure());
    if (atHalf.failed() > 0) {
      report.warn(
          "transactional at half rate: %,d of %,d jobs not delivered (left out of the"
              + " latencies), first: %s",
          atHalf.failed(), atHalf.submitted(), atHalf.firstFailure());
    }
    latency.put("accept_to_delivered_ms", percentiles(atHalf.acceptToDelivered()));
    latency.put("submit_to_delivered_ms", percentiles(atHalf.submitToDelivered()));
    latency.put("submit_to_accepted_ms", percentiles(atHalf.submitToAccepted()));
    details.put("at_half_rate", latency);
    long delivered = max.total() + atHalf.delivered();
    details.put("emails_delivered", delivered);
    costs(
        meter, details, "transactional_email", delivered, "worker-email", "temporal", "api-server");
    return details;
  }

  private Map<String, Object> coalesced(Meter meter) throws Exception {
    var coalesced = new Coalesced(api, rig.sink);
    long pushbacksBefore = api.pushbacks();
    var max = coalesced.max(settings);
    report.figure("coalesced_emails_per_s", max.perSecond(), "/s");
    var details = loopDetails("coalesced", max.loop());
    details.put("in_flight", settings.coalescedInFlight());
    details.put("delivered_in_window", max.delivered());
    details.put("accepted_including_warmup", max.accepted());
    details.put("accepted_per_s_in_window", max.loop().perSecond());
    details.put("groups", max.groups());
    details.put("emails_per_group", (double) max.accepted() / max.groups());
    details.put("drain_after_submitting_s", max.drainSeconds());

    double half = max.perSecond() / 2;
    say(
        "coalesced latency at half the measured rate: %.0f emails/s for %d s",
        half, settings.window().toSeconds());
    var atHalf = coalesced.atRate(half, settings);
    var l = atHalf.acceptToSucceeded();
    report.figure("coalesced_latency_p50_ms", l.percentileMillis(50), "ms");
    report.figure("coalesced_latency_p99_ms", l.percentileMillis(99), "ms");
    var latency = new LinkedHashMap<String, Object>();
    latency.put("rate_per_s", half);
    latency.put("submitted", atHalf.loop().submitted());
    latency.put("accepted", atHalf.loop().accepted());
    latency.put("failed", atHalf.loop().failed());
    latency.put("first_failure", atHalf.loop().firstFailure());
    latency.put("groups", atHalf.groups());
    latency.put("drain_after_submitting_s", atHalf.drainSeconds());
    latency.put("status_sampled", atHalf.sampled());
    latency.put("accept_to_succeeded_ms", percentiles(l));
    latency.put("submit_to_accepted_ms", percentiles(atHalf.loop().submitToAccepted()));
    details.put("at_half_rate", latency);
    if (atHalf.loop().failed() > 0) {
      report.warn(
          "coalesced at half rate: %,d of %,d submissions failed, first: %s",
          atHalf.loop().failed(), atHalf.loop().submitted(), atHalf.loop().firstFailure());
    }
    long pushbacks = api.pushbacks() - pushbacksBefore;
    details.put("api_pushbacks", pushbacks);
    if (pushbacks > 0) {
      report.warn(
          "coalesced: the API pushed back (429/503) %,d times; each was waited out and retried",
          pushbacks);
    }
    long delivered = max.accepted() + atHalf.loop().accepted();
    details.put("emails_delivered", delivered);
    costs(meter, details, "coalesced_email", delivered, "worker-email", "temporal", "api-server");
    return details;
  }

  private Map<String, Object> bulk(Meter meter) throws Exception {
    long pushbacksBefore = api.pushbacks();
    var r = new Bulk(api, client, rig.sink).run(settings);
    report.figure("bulk_emails_per_s", r.perSecond(), "/s");
    report.figure("bulk_sink_emails_per_s", r.sinkReceived() / r.seconds(), "/s");
    var details = new LinkedHashMap<String, Object>();
    details.put("jobs", r.jobs().size());
    details.put("recipients_per_job", r.recipientsPerJob());
    details.put("emails_delivered", r.emails());
    details.put("seconds_first_post_to_last_success", r.seconds());
    details.put("timeline", r.timeline());
    details.put("sink_received", r.sinkReceived());
    details.put("api_pushbacks", api.pushbacks() - pushbacksBefore);
    var history = Histories.of(client, r.jobs().stream().map(Bulk.Job::workflowId).toList());
    report.figure(
        "history_events_per_bulk_email", (double) history.events() / r.emails(), "events");
    report.figure(
        "history_actions_per_bulk_email", (double) history.actions() / r.emails(), "actions");
    details.put("history", history);
    details.put("warmup_emails", r.warmupEmails());
    // the phase's server and CPU costs include the warm-up batch, so its emails count here too
    costs(
        meter,
        details,
        "bulk_email",
        r.emails() + r.warmupEmails(),
        "worker-email",
        "temporal",
        "api-server");
    return details;
  }

  private Map<String, Object> pdf(Meter meter) throws Exception {
    Path rawStore = settings.workDir().resolve("raw-reports");
    Directories.deleteTree(rawStore);
    var r = new Pdf(api, client).run(settings, rawStore);
    Directories.deleteTree(rawStore);
    report.figure("pdf_pages_per_s", r.throughWorker().pagesPerSecond(), "/s");
    report.figure("pdf_raw_pages_per_s", r.raw().pagesPerSecond(), "/s");
    // what Temporal, the API and the worker add to each report, whatever its length
    report.figure(
        "pdf_overhead_per_job_ms",
        (r.throughWorker().seconds() - r.raw().seconds()) / r.raw().jobs() * 1000,
        "ms");
    var details = new LinkedHashMap<String, Object>();
    details.put("pages_per_report", r.raw().pages() / r.raw().jobs());
    details.put("through_worker", r.throughWorker());
    details.put("raw", r.raw());
    return details;
  }

  /** Peak RSS of each process, read as the run ends. */
  private void memory() {
    var rss = new LinkedHashMap<String, Object>();
    rig.peakRss()
        .forEach(
            (name, bytes) -> {
              double mib = bytes / 1024.0 / 1024.0;
              rss.put(name + "_mib", mib);
              if (name.startsWith("worker-")) {
                report.figure(name.replace('-', '_') + "_peak_rss_mib", mib, "MiB");
              }
            });
    rss.put("heaps", "-Xmx512m each for worker-email, worker-pdf, api-server");
    if (!rig.trees().isEmpty()) {
      rss.put(
          "not_measured",
          String.join(", ", rig.trees())
              + ": a tree of processes (PostgreSQL: the postmaster and a backend per connection),"
              + " not one peak");
    }
    report.phase("peak-rss", rss);
  }

  private Map<String, Object> loopDetails(String phase, ClosedLoop.Result r) {
    if (r.failed() > 0) {
      report.warn(
          "%s: %,d operations failed (not counted), first: %s",
          phase, r.failed(), r.firstFailure());
    }
    var details = new LinkedHashMap<String, Object>();
    details.put("counted", r.counted());
    details.put("window_s", r.seconds());
    details.put("total_including_warmup_and_drain", r.total());
    details.put("failed", r.failed());
    details.put("first_failure", r.firstFailure());
    details.put("latency_ms", percentiles(r.latencies()));
    return details;
  }

  static Map<String, Object> percentiles(Latencies l) {
    var out = new LinkedHashMap<String, Object>();
    out.put("count", l.count());
    out.put("p50", l.percentileMillis(50));
    out.put("p90", l.percentileMillis(90));
    out.put("p99", l.percentileMillis(99));
    out.put("max", l.maxMillis());
    return out;
  }

  private static List<String> sample(List<String> ids, int n) {
    var copy = new ArrayList<>(ids);
    Collections.shuffle(copy, new Random(1));
    return copy.subList(0, Math.min(n, copy.size()));
  }

  private void stopQuietly() {
    if (rig != null) {
      rig.close();
    }
  }

  static void say(String format, Object... args) {
    System.out.println("==> " + String.format(java.util.Locale.ROOT, format, args));
    System.out.flush();
  }
}
