package dev.jobqueue.bench;

import java.io.IOException;
import java.util.Map;

/**
 * What one phase has cost so far, from its start: the Temporal server's counters (actions,
 * workflow-state writes) and the CPU time of each of our processes.
 */
final class Meter {
  private final Rig rig;
  private final Map<String, Double> counters;
  private final CpuTimes cpu;
  private final long started = System.nanoTime();

  private Meter(Rig rig, Map<String, Double> counters, CpuTimes cpu) {
    this.rig = rig;
    this.counters = counters;
    this.cpu = cpu;
  }

  /**
   * The server publishes its counters a moment after the work they count: reading them only after a
   * short settle keeps one phase's tail out of the next phase's figures.
   */
  private static final long SETTLE_MILLIS = 1_500;

  static Meter start(Rig rig) throws IOException, InterruptedException {
    Thread.sleep(SETTLE_MILLIS);
    return new Meter(rig, ServerCounters.read(rig.stack.temporal()), CpuTimes.sample(rig.pids()));
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  /** See {@link ServerCounters#delta}; call it once the phase's work is done. */
  Map<String, Object> server() throws IOException, InterruptedException {
    Thread.sleep(SETTLE_MILLIS);
    return ServerCounters.delta(counters, ServerCounters.read(rig.stack.temporal()));
  }

  double cpuSeconds(String process) {
    return CpuTimes.sample(rig.pids()).secondsSince(cpu, process);
  }

  /** Cores each process kept busy since the start, and what the rest of the machine used. */
  Map<String, Object> cores() {
    return CpuTimes.sample(rig.pids()).coresSince(cpu);
  }
}
