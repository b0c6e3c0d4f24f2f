package dev.jobqueue.bench;

import dev.jobqueue.testing.App;
import dev.jobqueue.testing.Checkout;
import dev.jobqueue.testing.ClusterServer;
import dev.jobqueue.testing.DevServer;
import dev.jobqueue.testing.Directories;
import dev.jobqueue.testing.FreePorts;
import dev.jobqueue.testing.JarProcess;
import dev.jobqueue.testing.LocalStack;
import dev.jobqueue.testing.TemporalServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the bench measures: the product as {@code ./jobqueue dev} runs it (a {@link LocalStack}),
 * but sending to {@code smtp-sink}, with the headless dev server, a 512 MiB heap for each of our
 * processes and the per-tenant API limit lifted (here it would measure itself). The API starts with
 * coalescing off, so that the per-job path is measured as such at any rate; {@link #coalescingApi}
 * replaces it with one that coalesces, as the product's default does. With {@code --cluster} the
 * Temporal under it is a {@link ClusterServer} (Temporal Server on PostgreSQL, as {@code ./jobqueue
 * cluster} runs it) instead of the dev server.
 */
final class Rig implements AutoCloseable {
  static final String TENANT = "bench";

  /** The isolation phase's tenants, each with a key of its own beside {@link #TENANT}'s. */
  static final String VICTIM = "victim";

  static final String AGGRESSOR = "aggressor";

  /**
   * Every email job's retry budget: only the isolation phase's failure storm fails (nothing else
   * does against the sink), and three attempts (1 s and 2 s apart) make its jobs dead letters
   * within seconds instead of the product's 34 minutes.
   */
  static final int EMAIL_MAX_ATTEMPTS = 3;

  final LocalStack stack;
  final SmtpSink sink;
  private final Checkout checkout;
  private final Map<String, Long> retiredPeakRss = new LinkedHashMap<>();
  private boolean coalescing;

  private Rig(LocalStack stack, SmtpSink sink, Checkout checkout) {
    this.stack = stack;
    this.sink = sink;
    this.checkout = checkout;
  }

  /** Starts everything under the work directory, wiped first: databases, stores, logs. */
  static Rig start(Settings settings) throws Exception {
    Path work = settings.workDir();
    Path logs = work.resolve("logs");
    Directories.deleteTree(logs);
    var sink = SmtpSink.start(settings.smtpSink(), logs);
    var checkout = new Checkout(settings.root());
    try {
      var stack =
          LocalStack.in(checkout, work)
              .logDir(logs)
              .tenant(TENANT)
              .moreTenants(VICTIM, AGGRESSOR)
              .smtpPort(sink.port())
              .heap("512m")
              .temporal(temporal(settings))
              .env(
                  Map.ofEntries(
                      Map.entry("SMTP_POOL_SIZE", Integer.toString(settings.smtpPoolSize())),
                      // bulk sends have their own lane and connections: the same size for both
                      Map.entry(
                          "EMAIL_BULK_SMTP_POOL_SIZE", Integer.toString(settings.smtpPoolSize())),
                      Map.entry("API_RATE_LIMIT_RPS", "1000000"),
                      Map.entry("API_RATE_LIMIT_BURST", "1000000"),
                      // the phases measure the product's ceilings, not a tenant's budget
                      Map.entry("TENANT_EMAILS_PER_SECOND", "1000000"),
                      Map.entry("TENANT_EMAIL_BURST", "100000000"),
                      Map.entry("TENANT_PAGES_PER_SECOND", "1000000"),
                      Map.entry("TENANT_PAGE_BURST", "100000000"),
                      Map.entry("TENANT_MAX_BULK_EMAILS_IN_FLIGHT", "0"),
                      Map.entry("COALESCING_ENABLED", "false"),
                      Map.entry("EMAIL_MAX_ATTEMPTS", Integer.toString(EMAIL_MAX_ATTEMPTS))))
              .start();
      return new Rig(stack, sink, checkout);
    } catch (Exception | Error e) {
      sink.close();
      throw e;
    }
  }

  private static TemporalServer.Factory temporal(Settings settings) {
    if (settings.cluster()) {
      return ClusterServer::start;
    }
    return (data, log) ->
        DevServer.start(
            DevServer.Options.in(data, log).headless().withArgs(settings.temporalArgs()));
  }

  /** Stops the API and starts it again, on the same ports, with coalescing on. */
  void coalescingApi() throws Exception {
    restart(App.API_SERVER, Map.of("COALESCING_ENABLED", "true"));
    coalescing = true;
  }

  /** Whether the API coalesces single emails ({@link #coalescingApi} ran). */
  boolean coalescing() {
    return coalescing;
  }

  /**
   * Stops {@code app} and starts it again on the same ports with {@code extra} over the stack's
   * environment, keeping the old process's peak RSS for {@link #peakRss}.
   */
  void restart(App app, Map<String, String> extra) throws Exception {
    var old = stack.process(app);
    retiredPeakRss.merge(
        old.name(), ProcStatus.kib(old.pid(), "VmHWM") * 1024, (a, b) -> Math.max(a, b));
    old.terminate(Duration.ofMinutes(1));
    stack.start(app, extra);
  }

  /**
   * worker-email sending to dev-smtp, whose simulator addresses fail as a relay would (451, 550),
   * until {@link #sinkEmail}; dev-smtp writes what it accepts under {@code mailDir}.
   */
  JarProcess devSmtpEmail(Path mailDir) throws Exception {
    int port = FreePorts.next();
    var devSmtp =
        JarProcess.startPlain(
            checkout,
            "dev-smtp",
            List.of(Integer.toString(port), mailDir.toString()),
            port,
            logDir());
    try {
      restart(App.WORKER_EMAIL, Map.of("SMTP_PORT", Integer.toString(port)));
    } catch (Exception | Error e) {
      devSmtp.close();
      throw e;
    }
    return devSmtp;
  }

  /** worker-email sending to the sink again, as {@link #start} configured it. */
  void sinkEmail() throws Exception {
    restart(App.WORKER_EMAIL, Map.of("SMTP_PORT", Integer.toString(sink.port())));
  }

  Path logDir() {
    return stack.logDir();
  }

  /** The pid of every process of the rig and of the bench itself, by name. */
  Map<String, Long> pids() {
    var pids = new LinkedHashMap<String, Long>();
    stack.processes().forEach((name, p) -> pids.put(name, p.pid()));
    pids.put("smtp-sink", sink.process().pid());
    pids.put("bench", ProcessHandle.current().pid());
    return pids;
  }

  /**
   * The rig's processes that run as a tree (the cluster's PostgreSQL, started through {@code
   * runuser}, with a backend per connection): one process's peak RSS would say nothing of them.
   */
  List<String> trees() {
    var trees = new ArrayList<String>();
    pids()
        .forEach(
            (name, pid) -> {
              if (!name.equals("bench")
                  && ProcessHandle.of(pid)
                      .map(p -> p.descendants().findAny().isPresent())
                      .orElse(false)) {
                trees.add(name);
              }
            });
    return trees;
  }

  /**
   * Peak resident set size ({@code VmHWM}) in bytes of every single-process member of the rig, by
   * name ({@link #trees} left out).
   */
  Map<String, Long> peakRss() {
    var rss = new LinkedHashMap<String, Long>();
    var trees = trees();
    pids()
        .forEach(
            (name, pid) -> {
              if (!name.equals("bench") && !trees.contains(name)) {
                rss.put(name, ProcStatus.kib(pid, "VmHWM") * 1024);
              }
            });
    // a process restarted during the run: the larger of its runs' peaks
    retiredPeakRss.forEach((name, bytes) -> rss.merge(name, bytes, (a, b) -> Math.max(a, b)));
    return rss;
  }

  /** The name of the first process of the rig that is no longer running, or null. */
  String deadProcess() {
    var processes = new LinkedHashMap<>(stack.processes());
    processes.put("smtp-sink", sink.process().handle());
    return processes.entrySet().stream()
        .filter(p -> !p.getValue().isAlive())
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void close() {
    stack.close();
    sink.close();
  }
}
