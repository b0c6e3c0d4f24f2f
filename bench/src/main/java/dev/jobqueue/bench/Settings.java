package dev.jobqueue.bench;

import dev.jobqueue.testing.Tool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run measures, and for how long. Full mode gives every throughput phase a 60 s window
 * (the bulk target is "over a 60 s window"); {@code --quick} keeps the whole run to about four
 * minutes with 8-15 s windows, at the price of noisier figures.
 *
 * @param cluster run against a Temporal cluster ({@code --cluster}: Temporal Server on PostgreSQL,
 *     as {@code ./jobqueue cluster} runs it) instead of the dev server
 * @param warmup run before each closed-loop phase's window and not counted: the JIT of every
 *     process on the path, connections, and the loop's first round (64 in flight at 20/s take 3 s)
 * @param window each throughput phase's measured time
 * @param pdfWindow how long to keep rendering reports, each way
 * @param inFlight workflows or jobs a closed-loop phase keeps running at once
 * @param coalescedInFlight POSTs the coalesced phase keeps waiting for their 202 at once: each
 *     waits for its group to start (up to the coalescing window), so the rate it reaches is this
 *     many over that wait
 * @param smtpPoolSize SMTP connections: the worker's pool and the bench's own pooled sender
 * @param bulkWarmup uncounted batches sent before the bulk window, one after another, for at least
 *     this long: the full run's is the other phases' warm-up; the quick run's is shorter, to keep
 *     the run to about four minutes
 * @param bulkRecipients recipients per {@code email-batch} job (fewer if the API refuses the size)
 * @param bulkJobsQueued jobs' worth of recipients kept waiting to be sent: a new job is POSTed when
 *     fewer are left, so the next one is staged and running before the ones ahead drain
 * @param pdfRows line items of each report, 40 to a page: 200,000 make 5,000 pages, seconds to
 *     render; the product's reports take minutes, and what Temporal adds is per report, not per
 *     page
 * @param historySample transactional jobs whose history is counted
 * @param latencySample coalesced jobs whose status is read after the half-rate run, for latency
 * @param only the phases to run ({@code --only}, for working on one); all by default
 * @param temporalArgs added to the dev server's command line ({@code
 *     JOBQUEUE_BENCH_TEMPORAL_ARGS}): none by default, so the server runs as {@code ./jobqueue dev}
 *     runs it
 */
record Settings(
    boolean quick,
    boolean cluster,
    Path root,
    Path workDir,
    String smtpSink,
    String smtpSource,
    Duration warmup,
    Duration window,
    Duration bulkWindow,
    Duration bulkWarmup,
    Duration pdfWindow,
    int inFlight,
    int coalescedInFlight,
    int smtpPoolSize,
    int bulkRecipients,
    int bulkJobsQueued,
    long pdfRows,
    int historySample,
    int latencySample,
    Set<String> only,
    List<String> temporalArgs) {

  /**
   * Enough to keep the server busy while each workflow takes up to a few hundred milliseconds; far
   * more only queues inside the server until its 10 s deadlines expire and the SDK retries, which
   * measures the collapse rather than the ceiling.
   */
  static final int DEFAULT_IN_FLIGHT = 64;

  /** A web tier's worth of requests waiting on the API at once. */
  static final int DEFAULT_COALESCED_IN_FLIGHT = 768;

  /** The phases, by the names {@code --only} takes. */
  static final List<String> PHASES =
      List.of(
          "smtp-ceiling",
          "smtp-physical",
          "raw-temporal",
          "transactional",
          "coalesced",
          "bulk",
          "pdf",
          "isolation");

  static Settings from(String[] args) {
    boolean quick = false;
    boolean cluster = false;
    Path root = Path.of(".");
    Set<String> only = new LinkedHashSet<>(PHASES);
    int inFlight = DEFAULT_IN_FLIGHT;
    int coalescedInFlight = DEFAULT_COALESCED_IN_FLIGHT;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--cluster" -> cluster = true;
        case "--root" -> root = Path.of(args[++i]);
        case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
        case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
        case "--coalesced-in-flight" -> coalescedInFlight = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; usage: bench [--quick] [--cluster] [--root DIR] [--in-flight N]"
                    + " [--coalesced-in-flight N] [--only "
                    + String.join(",", PHASES)
                    + "]");
      }
    }
    if (!PHASES.containsAll(only)) {
      throw new IllegalArgumentException("--only takes some of " + String.join(",", PHASES));
    }
    root = root.toAbsolutePath().normalize();
    String sink = postfixTool("JOBQUEUE_SMTP_SINK", "smtp-sink");
    String source = postfixTool("JOBQUEUE_SMTP_SOURCE", "smtp-source");
    Path work = root.resolve("build").resolve("bench");
    String extra = env("JOBQUEUE_BENCH_TEMPORAL_ARGS", "");
    List<String> temporalArgs = extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    if (cluster && !temporalArgs.isEmpty()) {
      throw new IllegalArgumentException(
          "JOBQUEUE_BENCH_TEMPORAL_ARGS adds to the dev server's command line; the cluster takes"
              + " its settings from deploy/temporal (unset it, or leave out --cluster)");
    }
    return quick
        ? new Settings(
            true,
            cluster,
            root,
            work,
            sink,
            source,
            seconds(6),
            seconds(10),
            seconds(15),
            seconds(3),
            seconds(8),
            inFlight,
            coalescedInFlight,
            64,
            20_000,
            2,
            200_000,
            200,
            500,
            only,
            temporalArgs)
        : new Settings(
            false,
            cluster,
            root,
            work,
            sink,
            source,
            seconds(10),
            seconds(60),
            seconds(60),
            seconds(10),
            seconds(60),
            inFlight,
            coalescedInFlight,
            64,
            100_000,
            2,
            200_000,
            500,
            2_000,
            only,
            temporalArgs);
  }

  /** One of Postfix's test tools: named by {@code variable}, on the PATH, or in /usr/sbin. */
  private static String postfixTool(String variable, String command) {
    return Tool.find(variable, command, Path.of("/usr/sbin"))
        .require(
            "Postfix's " + command,
            "install Postfix's test tools (apt-get install postfix), or run ./jobqueue bench,"
                + " which does");
  }

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** For the result file. */
  Map<String, Object> describe() {
    var out = new LinkedHashMap<String, Object>();
    out.put("mode", quick ? "quick" : "full");
    out.put("temporal", cluster ? "cluster" : "dev server");
    out.put("warmup_s", warmup.toSeconds());
    out.put("window_s", window.toSeconds());
    out.put("bulk_window_s", bulkWindow.toSeconds());
    out.put("bulk_warmup_s", bulkWarmup.toSeconds());
    out.put("pdf_window_s", pdfWindow.toSeconds());
    out.put("in_flight", inFlight);
    out.put("coalesced_in_flight", coalescedInFlight);
    out.put("smtp_pool_size", smtpPoolSize);
    out.put("bulk_recipients_per_job", bulkRecipients);
    out.put("bulk_jobs_queued", bulkJobsQueued);
    out.put("pdf_rows", pdfRows);
    out.put("history_sample", historySample);
    out.put("latency_sample", latencySample);
    out.put("phases", only);
    out.put("temporal_extra_args", temporalArgs);
    return out;
  }
}
