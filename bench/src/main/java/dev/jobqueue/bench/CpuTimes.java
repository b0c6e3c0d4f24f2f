package dev.jobqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of each of our processes and of the whole machine, from {@code /proc} (Linux): over a
 * phase, how many cores each process kept busy shows which one bounds the figure, and what the
 * machine spent beyond ours shows how much other work skewed it.
 */
final class CpuTimes {
  /** {@code USER_HZ}: the unit of {@code /proc} CPU times on every Linux we run on. */
  private static final double TICKS_PER_SECOND = 100;

  private final Map<String, Long> pids;
  private final Map<String, Long> ticks;
  private final long machineBusy;
  private final long nanos = System.nanoTime();

  private CpuTimes(Map<String, Long> pids, Map<String, Long> ticks, long machineBusy) {
    this.pids = pids;
    this.ticks = ticks;
    this.machineBusy = machineBusy;
  }

  static CpuTimes sample(Map<String, Long> pids) {
    var ticks = new LinkedHashMap<String, Long>();
    pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
    return new CpuTimes(Map.copyOf(pids), ticks, machineBusyTicks());
  }

  /**
   * Ticks {@code process} used since {@code before}. A process restarted in between (another pid)
   * counts from its new start: what its predecessor used after {@code before} is left out (and
   * counted as other processes').
   */
  private long usedSince(CpuTimes before, String process) {
    long now = ticks.getOrDefault(process, 0L);
    if (!pids.getOrDefault(process, -1L).equals(before.pids.getOrDefault(process, -1L))) {
      return now;
    }
    return now - before.ticks.getOrDefault(process, now);
  }

  /** Cores each process kept busy between {@code before} and this sample, and everything else's. */
  Map<String, Object> coresSince(CpuTimes before) {
    double seconds = (nanos - before.nanos) / 1e9;
    var out = new LinkedHashMap<String, Object>();
    long ours = 0;
    for (var e : ticks.entrySet()) {
      long used = usedSince(before, e.getKey());
      ours += used;
      out.put(e.getKey(), round(used / TICKS_PER_SECOND / seconds));
    }
    out.put(
        "other processes",
        round((machineBusy - before.machineBusy - ours) / TICKS_PER_SECOND / seconds));
    out.put("machine cores", Runtime.getRuntime().availableProcessors());
    return out;
  }

  /** CPU seconds {@code process} used between {@code before} and this sample. */
  double secondsSince(CpuTimes before, String process) {
    return usedSince(before, process) / TICKS_PER_SECOND;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /**
   * CPU ticks of the process and everything under it: a server of several processes (PostgreSQL's
   * postmaster and one backend per connection, started through {@code runuser} when we are root)
   * counts as one. Each process's own utime + stime (fields 14 and 15 of /proc/pid/stat) and its
   * reaped children's (16 and 17), so that a backend that exits between two samples stays counted
   * in its parent. The bench itself counts alone: everything else is under it.
   */
  private static long processTicks(long pid) {
    if (pid == ProcessHandle.current().pid()) {
      return ownTicks(pid, false);
    }
    long ticks = ownTicks(pid, true);
    var process = ProcessHandle.of(pid);
    if (process.isPresent()) {
      for (var child : process.get().descendants().toList()) {
        ticks += ownTicks(child.pid(), true);
      }
    }
    return ticks;
  }

  /** utime + stime of one process, with its reaped children's if asked; 0 if it is gone. */
  private static long ownTicks(long pid, boolean withReapedChildren) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name, field 2, may hold spaces: count from the closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return withReapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Busy time of all CPUs: the first line of /proc/stat less idle and iowait. */
  private static long machineBusyTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long busy = 0;
      for (int i = 1;
          i < Math.min(f.length, 9);
          i++) { // user nice system idle iowait irq softirq steal
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
