package dev.jobqueue.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the server counted over one phase: actions by type, workflow-state writes by operation. */
final class ServerCounters {
  private ServerCounters() {}

  /** {@code {actions: {total, by_type}, history_writes: {...}, visibility_writes: {...}}}. */
  static Map<String, Object> delta(Map<String, Double> before, Map<String, Double> after) {
    var out = new LinkedHashMap<String, Object>();
    out.put("actions", group("action:", "by_type", before, after));
    out.put("history_writes", group("write:", "by_operation", before, after));
    out.put("visibility_writes", group("visibility:", "by_operation", before, after));
    return out;
  }

  /** The total of one group of {@link #delta}. */
  @SuppressWarnings("unchecked")
  static long total(Map<String, Object> delta, String group) {
    return ((Number) ((Map<String, Object>) delta.get(group)).get("total")).longValue();
  }

  private static Map<String, Object> group(
      String prefix, String breakdown, Map<String, Double> before, Map<String, Double> after) {
    var byName = new LinkedHashMap<String, Long>();
    long total = 0;
    for (var e : after.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      long n = Math.round(e.getValue() - before.getOrDefault(e.getKey(), 0.0));
      if (n != 0) {
        byName.put(e.getKey().substring(prefix.length()), n);
        total += n;
      }
    }
    var out = new LinkedHashMap<String, Object>();
    out.put("total", total);
    out.put(breakdown, byName);
    return out;
  }
}
