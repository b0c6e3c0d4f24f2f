package dev.jobqueue.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every PromQL expression of a Grafana dashboard, with the panel it draws. */
record DashboardQueries(String panel, String expr, String datasourceUid) {
  static List<DashboardQueries> read(Path dashboard) throws IOException {
    JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
    var out = new ArrayList<DashboardQueries>();
    collect(root.path("panels"), out);
    return out;
  }

  /** Panels, including those nested in rows. */
  private static void collect(JsonNode panels, List<DashboardQueries> out) {
    for (JsonNode panel : panels) {
      collect(panel.path("panels"), out);
      for (JsonNode target : panel.path("targets")) {
        String uid = target.path("datasource").path("uid").asText(null);
        if (uid == null) {
          uid = panel.path("datasource").path("uid").asText(null);
        }
        out.add(
            new DashboardQueries(panel.path("title").asText(), target.path("expr").asText(), uid));
      }
    }
  }
}
