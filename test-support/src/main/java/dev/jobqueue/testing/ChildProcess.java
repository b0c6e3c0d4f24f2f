package dev.jobqueue.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started (Temporal, one of our jars, an SMTP tool): its output appended to a
 * log file, a wait for readiness that gives up at once if the process dies, and the ways to stop it
 * that tests need (an orderly SIGTERM, a crash by SIGKILL).
 */
public final class ChildProcess implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

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
   * logDir/name.log}, after what earlier processes of that name wrote there.
   */
  public static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path logDir) throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return new ChildProcess(name, builder.start(), log);
  }

  /** Wraps a process whose output the caller reads itself; {@code log} is where it says to look. */
  public static ChildProcess of(String name, Process process, Path log) {
    return new ChildProcess(name, process, log);
  }

  /**
   * Polls {@code ready} until it answers true (exceptions count as not yet); fails at once if the
   * process exits, and after {@code within}.
   */
  public void awaitReady(Callable<Boolean> ready, Duration within) throws InterruptedException {
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
      Thread.sleep(POLL); // the poll interval of a condition that has no event to wait on
    }
    throw new IllegalStateException(
        name + " not ready within " + within.toSeconds() + " s (last: " + last + "); see " + log);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hooks, no goodbye to anyone; a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the orderly shutdown; returns the exit code. */
  public int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not stop within " + within + " of SIGTERM");
    }
    return process.exitValue();
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
