package dev.jobqueue.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one run measured: the figures (with their units), the ratios, the targets with a
 * verdict each, every phase's details and errors, the machine and its load. Printed as a table and
 * written as JSON with the same names.
 */
final class Report {
  /** A target from the issue and what this run made of it. */
  record Check(
      String target, Double measured, String unit, double limit, boolean atLeast, String note) {
    String verdict() {
      if (measured == null || measured.isNaN()) {
        return "NOT MEASURED";
      }
      return (atLeast ? measured >= limit : measured <= limit) ? "PASS" : "MISS";
    }
  }

  private final Map<String, Object> machine;
  private final Map<String, Object> settings;
  private final Instant started = Instant.now();
  private final Map<String, Double> figures = new LinkedHashMap<>();
  private final Map<String, String> units = new LinkedHashMap<>();
  private final Map<String, Double> ratios = new LinkedHashMap<>();
  private final List<Check> checks = new ArrayList<>();
  private final Map<String, Object> phases = new LinkedHashMap<>();
  private final Map<String, String> errors = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, Double> load = new LinkedHashMap<>();
  private final Map<String, Double> pressure = new LinkedHashMap<>();

  Report(Map<String, Object> machine, Map<String, Object> settings) {
    this.machine = machine;
    this.settings = settings;
  }

  /** Adds to what the run was measured on (the Temporal under it, once it is up). */
  void machine(String key, Object value) {
    machine.put(key, value);
  }

  void figure(String name, double value, String unit) {
    figures.put(name, value);
    units.put(name, unit);
  }

  /** The figure, or null if its phase did not run. */
  Double figure(String name) {
    return figures.get(name);
  }

  void ratio(String name, Double numerator, Double denominator) {
    if (numerator != null && denominator != null && denominator > 0) {
      ratios.put(name, numerator / denominator);
    }
  }

  Double ratio(String name) {
    return ratios.get(name);
  }

  void check(Check check) {
    checks.add(check);
  }

  List<Check> checks() {
    return List.copyOf(checks);
  }

  void phase(String name, Map<String, Object> details) {
    phases.put(name, details);
  }

  void error(String phase, Exception e) {
    errors.put(phase, e.toString());
  }

  /** Something that makes a figure less than it seems (failed operations, pushbacks). */
  void warn(String format, Object... args) {
    warnings.add(String.format(Locale.ROOT, format, args));
  }

  boolean failed() {
    return !errors.isEmpty();
  }

  /** How busy the machine was at a named moment (phase start, end): load average, CPU pressure. */
  void load(String moment) {
    load.put(moment, Machine.loadAverage());
    pressure.put(moment, Machine.cpuPressure());
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "jobqueue bench (%s, %s), %s: %s cores (%s), %s GiB%n",
        settings.get("mode"),
        settings.get("temporal"),
        started,
        machine.get("cores"),
        machine.get("cpu_model"),
        machine.get("memory_gib"));
    out.printf(
        Locale.ROOT,
        "  load average at each phase %s; CPU pressure (%% of time something waited for a CPU)"
            + " %s%n",
        load.values(),
        pressure.values());
    out.println();
    out.printf("  %-44s %16s%n", "figure", "value");
    figures.forEach(
        (name, value) -> out.printf("  %-44s %16s%n", name, format(value, units.get(name))));
    out.println();
    out.printf("  %-44s %16s%n", "ratio", "value");
    ratios.forEach((name, value) -> out.printf(Locale.ROOT, "  %-44s %16.2f%n", name, value));
    out.println();
    out.printf("  %-44s %16s %16s  %s%n", "target", "measured", "limit", "verdict");
    for (Check c : checks) {
      out.printf(
          "  %-44s %16s %16s  %s%s%n",
          c.target(),
          c.measured() == null ? "-" : format(c.measured(), c.unit()),
          (c.atLeast() ? ">= " : "<= ") + format(c.limit(), c.unit()),
          c.verdict(),
          c.note() == null ? "" : "  (" + c.note() + ")");
    }
    warnings.forEach(w -> out.printf("%n  note: %s", w));
    errors.forEach((phase, error) -> out.printf("%n  phase %s failed: %s", phase, error));
    out.println();
  }

  static String format(double value, String unit) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return switch (unit) {
      case "/s", "ms", "MiB", "/cpu-s", "jobs" ->
          String.format(Locale.ROOT, "%,.0f %s", value, unit);
      case "x" -> String.format(Locale.ROOT, "%.2f x", value);
      default -> String.format(Locale.ROOT, "%.4f %s", value, unit).strip();
    };
  }

  void write(Path file) throws IOException {
    var json = new LinkedHashMap<String, Object>();
    json.put("bench", "jobqueue");
    json.put("mode", settings.get("mode"));
    json.put("started_at", started.toString());
    json.put("finished_at", Instant.now().toString());
    var m = new LinkedHashMap<>(machine);
    m.put("load_average_1m", load);
    m.put("cpu_pressure_some_avg10_percent", pressure);
    json.put("machine", m);
    json.put("settings", settings);
    json.put("figures", figures);
    json.put("units", units);
    json.put("ratios", ratios);
    var targets = new ArrayList<Map<String, Object>>();
    for (Check c : checks) {
      var t = new LinkedHashMap<String, Object>();
      t.put("target", c.target());
      t.put("measured", c.measured());
      t.put(c.atLeast() ? "at_least" : "at_most", c.limit());
      t.put("verdict", c.verdict());
      t.put("note", c.note());
      targets.add(t);
    }
    json.put("targets", targets);
    json.put("phases", phases);
    json.put("warnings", warnings);
    json.put("errors", errors);
    Files.createDirectories(file.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
  }
}
