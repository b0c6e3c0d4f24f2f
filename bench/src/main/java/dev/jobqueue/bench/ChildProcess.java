package dev.jobqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A process the bench started (Temporal, the SMTP sink, a worker, the API): its output in a log
 * file, its peak memory readable from {@code /proc}, stopped with SIGTERM when the bench ends.
 */
final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} with {@code env} added to ours; its output goes to {@code
   * logDir/name.log}.
   */
  static ChildProcess start(String name, List<String> command, Map<String, String> env, Path logDir)
      throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  /** Wraps a process whose output the caller reads itself. */
  static ChildProcess of(String name, Process process, Path log) {
    return new ChildProcess(name, process, log);
  }

  /** Waits until {@code ready} answers true; fails at once if the process dies. */
  void awaitReady(Callable<Boolean> ready, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited during start-up; see " + log);
      }
      try {
        if (ready.call()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        name + " not ready within " + within.toSeconds() + " s (last: " + last + "); see " + log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Peak resident set size so far ({@code VmHWM}), in bytes; -1 once the process is gone. */
  long peakRssBytes() {
    return ProcStatus.kib(process.pid(), "VmHWM") * 1024;
  }

  /** SIGTERM, then SIGKILL if it has not stopped within 20 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
