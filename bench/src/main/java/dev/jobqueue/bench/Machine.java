package dev.jobqueue.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the figures were measured on: cores, CPU model, memory, kernel, JVM, and how busy it was.
 */
final class Machine {
  private Machine() {}

  static Map<String, Object> describe() {
    var out = new LinkedHashMap<String, Object>();
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    out.put(
        "memory_gib",
        mem == null
            ? null
            : Math.round(Long.parseLong(mem.replace("kB", "").strip()) / 1024.0 / 1024.0 * 10)
                / 10.0);
    out.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    out.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    return out;
  }

  /** The 1-minute load average: other work on the machine skews every figure. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * The share of the last 10 s in which some task waited for a CPU ({@code /proc/pressure/cpu},
   * "some avg10"), in percent: near 0 on an idle machine, near 100 when everything queues.
   */
  static double cpuPressure() {
    try {
      String line = Files.readAllLines(Path.of("/proc/pressure/cpu")).getFirst();
      return Double.parseDouble(line.split("avg10=")[1].split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
