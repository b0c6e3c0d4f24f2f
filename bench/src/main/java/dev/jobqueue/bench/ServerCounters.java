package dev.jobqueue.bench;

import dev.jobqueue.testing.TemporalServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What the server counted over one phase: actions by type, workflow-state writes by operation. */
final class ServerCounters {
  private static final Pattern COUNTER =
      Pattern.compile(
          "^(action|persistence_requests|visibility_persistence_requests)\\{(.*)}\\s+([0-9.eE+]+)$");

  /** The persistence operations that write a workflow's state (its shard's serialized writes). */
  private static final Set<String> WRITES =
      Set.of(
          "CreateWorkflowExecution",
          "UpdateWorkflowExecution",
          "ConflictResolveWorkflowExecution",
          "SetWorkflowExecution");

  /** Visibility writes: a job's searchable record, written at start, close and each upsert. */
  private static final Set<String> VISIBILITY_WRITES =
      Set.of(
          "RecordWorkflowExecutionStarted",
          "RecordWorkflowExecutionClosed",
          "UpsertWorkflowExecution");

  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ServerCounters() {}

  /**
   * The server's own counters for its namespace, read from its Prometheus endpoint: {@code
   * action:<type>}, what Temporal counts as an action (workflow starts, signals, activity and timer
   * commands, heartbeats, ...), {@code write:<operation>}, the history service's writes of workflow
   * state, which a shard performs one at a time, and {@code visibility:<operation>}, writes of the
   * searchable records.
   */
  static Map<String, Double> read(TemporalServer server) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(server.metricsUrl()).timeout(Duration.ofSeconds(10)).build();
    return parse(
        HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body(), server.namespace());
  }

  static Map<String, Double> parse(String text, String namespace) {
    var counters = new TreeMap<String, Double>();
    for (String line : text.split("\n")) {
      var m = COUNTER.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      var l = LABEL.matcher(m.group(2));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      double value = Double.parseDouble(m.group(3));
      if (m.group(1).equals("visibility_persistence_requests")) {
        // no namespace label: the server's own system workflows count too, a few a minute
        if (VISIBILITY_WRITES.contains(labels.get("operation"))) {
          counters.merge("visibility:" + labels.get("operation"), value, Double::sum);
        }
        continue;
      }
      if (!namespace.equals(labels.get("namespace"))) {
        continue;
      }
      if (m.group(1).equals("action")) {
        counters.merge("action:" + labels.getOrDefault("action_type", "?"), value, Double::sum);
      } else if ("history".equals(labels.get("service_name"))
          && WRITES.contains(labels.get("operation"))) {
        counters.merge("write:" + labels.get("operation"), value, Double::sum);
      }
    }
    return counters;
  }

  /** {@code {actions: {total, by_type}, history_writes: {...}, visibility_writes: {...}}}. */
  static Map<String, Object> delta(Map<String, Double> before, Map<String, Double> after) {
    var out = new LinkedHashMap<String, Object>();
    out.put("actions", group("action:", "by_type", before, after));
    out.put("history_writes", group("write:", "by_operation", before, after));
    out.put("visibility_writes", group("visibility:", "by_operation", before, after));
    return out;
  }

  /** The total of one group of {@link #delta}. */
  @SuppressWarnings("unchecked") // delta's groups are the maps group() builds: String to Object
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
