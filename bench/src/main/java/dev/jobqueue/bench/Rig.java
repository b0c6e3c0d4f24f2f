package dev.jobqueue.bench;

import dev.jobqueue.testing.App;
import dev.jobqueue.testing.Checkout;
import dev.jobqueue.testing.DevServer;
import dev.jobqueue.testing.Directories;
import dev.jobqueue.testing.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the bench measures: the product as {@code ./jobqueue dev} runs it (a {@link LocalStack}),
 * but sending to {@code smtp-sink}, with the headless dev server, a 512 MiB heap for each of our
 * processes and the per-tenant API limit lifted (here it would measure itself). The API starts with
 * coalescing off, so that the per-job path is measured as such at any rate; {@link #coalescingApi}
 * replaces it with one that coalesces, as the product's default does.
 */
final class Rig implements AutoCloseable {
  static final String TENANT = "bench";

  final LocalStack stack;
  final SmtpSink sink;

  private Rig(LocalStack stack, SmtpSink sink) {
    this.stack = stack;
    this.sink = sink;
  }

  /** Starts everything under the work directory, wiped first: databases, stores, logs. */
  static Rig start(Settings settings) throws Exception {
    Path work = settings.workDir();
    Path logs = work.resolve("logs");
    Directories.deleteTree(logs);
    var sink = SmtpSink.start(settings.smtpSink(), logs);
    try {
      var stack =
          LocalStack.in(new Checkout(settings.root()), work)
              .logDir(logs)
              .tenant(TENANT)
              .smtpPort(sink.port())
              .heap("512m")
              .temporal(
                  (data, log) ->
                      DevServer.start(
                          DevServer.Options.in(data, log)
                              .headless()
                              .withArgs(settings.temporalArgs())))
              .env(
                  Map.of(
                      "SMTP_POOL_SIZE",
                      Integer.toString(settings.smtpPoolSize()),
                      // bulk sends have their own lane and connections: the same size for both
                      "EMAIL_BULK_SMTP_POOL_SIZE",
                      Integer.toString(settings.smtpPoolSize()),
                      "API_RATE_LIMIT_RPS",
                      "1000000",
                      "API_RATE_LIMIT_BURST",
                      "1000000",
                      // the phases measure the product's ceilings, not a tenant's budget
                      "TENANT_EMAILS_PER_SECOND",
                      "1000000",
                      "TENANT_EMAIL_BURST",
                      "100000000",
                      "TENANT_PAGES_PER_SECOND",
                      "1000000",
                      "TENANT_MAX_BULK_EMAILS_IN_FLIGHT",
                      "0",
                      "COALESCING_ENABLED",
                      "false"))
              .start();
      return new Rig(stack, sink);
    } catch (Exception | Error e) {
      sink.close();
      throw e;
    }
  }

  /** Stops the API and starts it again, on the same ports, with coalescing on. */
  void coalescingApi() throws Exception {
    stack.process(App.API_SERVER).terminate(Duration.ofMinutes(1));
    stack.start(App.API_SERVER, Map.of("COALESCING_ENABLED", "true"));
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

  /** Peak resident set size ({@code VmHWM}) in bytes of every process of the rig, by name. */
  Map<String, Long> peakRss() {
    var rss = new LinkedHashMap<String, Long>();
    pids()
        .forEach(
            (name, pid) -> {
              if (!name.equals("bench")) {
                rss.put(name, ProcStatus.kib(pid, "VmHWM") * 1024);
              }
            });
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
