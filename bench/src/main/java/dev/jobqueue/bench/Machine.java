package dev.jobqueue.bench;

import dev.jobqueue.testing.TemporalServer;
import io.temporal.api.workflowservice.v1.GetClusterInfoRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

  /**
   * Which Temporal the figures were measured on, as the server itself tells ({@code
   * GetClusterInfo}): the dev server or a cluster, its version, history shards, persistence and
   * visibility stores, and the processes it runs as (counted together in each phase's CPU figures).
   */
  static Map<String, Object> temporal(TemporalServer server, boolean cluster) {
    var out = new LinkedHashMap<String, Object>();
    out.put(
        "kind",
        cluster
            ? "cluster: Temporal Server, deploy/temporal/cluster.yaml (as ./jobqueue cluster)"
            : "dev server: temporal server start-dev (as ./jobqueue dev)");
    try {
      var info =
          server
              .stubs()
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getClusterInfo(GetClusterInfoRequest.getDefaultInstance());
      out.put("server_version", info.getServerVersion());
      out.put("history_shards", info.getHistoryShardCount());
      out.put("persistence_store", info.getPersistenceStore());
      out.put("visibility_store", info.getVisibilityStore());
    } catch (RuntimeException e) {
      out.put("cluster_info_error", e.toString());
    }
    if (cluster) {
      out.put("postgresql", postgresVersion());
    }
    out.put("processes", new ArrayList<>(server.processes().keySet()));
    return out;
  }

  /** {@code postgres --version} of the cluster's PostgreSQL ({@code JOBQUEUE_POSTGRES_BIN}). */
  private static String postgresVersion() {
    String bin = System.getenv("JOBQUEUE_POSTGRES_BIN");
    if (bin == null || bin.isBlank()) {
      return null;
    }
    try {
      var process =
          new ProcessBuilder(Path.of(bin, "postgres").toString(), "--version")
              .redirectErrorStream(true)
              .start();
      String version = new String(process.getInputStream().readAllBytes()).strip();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
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
